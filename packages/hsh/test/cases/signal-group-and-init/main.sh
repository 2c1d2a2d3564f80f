trap '' TERM
kill -TERM 1 2>/dev/null; echo "pid1 rc=$?"
kill -TERM "$PPID" 2>/dev/null; echo "parent rc=$?"
kill -STOP "$1" 2>/dev/null; echo "sleeper stop rc=$?"
kill -STOP -1 2>/dev/null
kill -TERM 0 2>/dev/null
echo alive
