printf 'args=%d %s|%s\n' "$#" "$1" "$2"
s=0; for ((i = 1; i <= 10; i++)); do s=$((s + i)); done; echo "sum=$s"
f() { echo "fn:$1"; }; f x
printf 'loop:'; for i in 1 2 3; do printf '%s,' "$i"; done; echo
read -r w <<< "word"; echo "here:$w"
read -r l; echo "read:$l"
echo "sub:$(echo inner)"
echo piped | { read -r p; echo "pipe:$p"; }
a=(a b c); echo "arr:${#a[@]} ${a[2]}"
case "$1" in one) echo case:yes ;; *) echo case:no ;; esac
( exit 7 ); echo "subshell exit=$?"
