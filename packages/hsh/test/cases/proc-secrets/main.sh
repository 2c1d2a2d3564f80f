secret=$1
for p in /proc/self/environ /proc/1/environ /proc/1/cmdline /proc/self/mem /proc/1/maps /proc/$PPID/environ; do
  if v=$(< "$p") 2>/dev/null && [ -n "$v" ]; then echo "$p: OPENED $v"; else echo "$p: denied"; fi
done
if v=$(< "/proc/1/root$secret") 2>/dev/null; then echo "/proc/1/root: OPENED $v"; else echo "/proc/1/root: denied"; fi
if read -r v < "/proc/self/root$secret" 2>/dev/null; then echo "/proc/self/root: OPENED $v"; else echo "/proc/self/root: denied"; fi
echo "env: ${H_TEST_ENV_SECRET:-unset} $(declare -p H_TEST_ENV_SECRET 2>&1 | head -c 0)"
echo done
