kill -KILL "$1" 2>/dev/null; echo "sleeper rc=$?"
kill -0 "$PPID" 2>/dev/null; echo "parent rc=$?"
# kill(-1) reports success even when every target refused; the sleeper's
# survival (checked by the runner) is the evidence.
kill -KILL -1 2>/dev/null
echo alive
