dir=${BASH_SOURCE[0]%/*}
"$dir/tool.sh"; echo "tool rc=$?"
ld=/lib64/ld-linux-x86-64.so.2
[ -e "$ld" ] || ld=/lib/ld-linux-aarch64.so.1
"$ld" "$BASH" -c 'echo via-loader'; echo "run bash rc=$?"
"$ld" /usr/bin/id; echo "run id rc=$?"
/usr/bin/cat /etc/hostname; echo "cat rc=$?"
echo done
