# Alice's fork bomb, in a process group of its own (set -m) so the script can
# end all of it; RLIMIT_NPROC keeps it to a few dozen processes meanwhile.
exec 3<> <(:)
nap() { read -r -t "$1" -u 3 _; }
set -m
bomb() { bomb | bomb & }
( bomb ) &
pg=$!
set +m
nap 3
for _ in 1 2 3 4 5 6 7 8 9 10; do
  kill -KILL -- -"$pg" 2>/dev/null || break
  nap 0.2
done
kill -0 -- -"$pg" 2>/dev/null && echo "bomb still alive" || echo "survived the bomb"
