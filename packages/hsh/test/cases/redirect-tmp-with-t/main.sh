echo "written by bash" > "$1"; echo "tmp rc=$?"
echo pwned > "$2"; echo "canary rc=$?"
