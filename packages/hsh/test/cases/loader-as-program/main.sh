ld=/lib64/ld-linux-x86-64.so.2
[ -e "$ld" ] || ld=/lib/ld-linux-aarch64.so.1
"$ld" /usr/bin/id; echo "run id rc=$?"
"$ld" --list /usr/bin/id; echo "list id rc=$?"
"$ld" "$BASH" -c 'echo via-loader'; echo "run bash rc=$?"
echo done
