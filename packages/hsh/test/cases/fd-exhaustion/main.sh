n=3
while [ $n -lt 1000 ]; do
  eval "exec $n</dev/null" 2>/dev/null || break
  n=$((n + 1))
done
if [ $n -lt 70 ]; then echo "stopped below 70 at $n"; else echo "reached $n"; fi
