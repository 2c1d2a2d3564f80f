if read -r v <&3 2>/dev/null; then echo "read <&3: OPENED $v"; else echo "read <&3: denied"; fi
for p in /dev/fd/3 /proc/self/fd/3; do
  if v=$(< "$p") 2>/dev/null && [ -n "$v" ]; then echo "$p: OPENED $v"; else echo "$p: denied"; fi
done
echo done
