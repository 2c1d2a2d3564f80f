# Alice's fork bomb, run for 3 seconds. RLIMIT_NPROC makes forks fail with
# EAGAIN (bash says "fork: retry"); then SIGTERM to the process group ends the
# bomb (the launcher's own parent is in that group too, and Landlock's signal
# scope keeps the signal inside the sandbox).
exec 3<> <(:)
nap() { read -r -t "$1" -u 3 _; }
bomb() { bomb | bomb & }
( bomb ) &
nap 3
trap '' TERM
kill -TERM 0
nap 0.5
echo "survived the bomb"
