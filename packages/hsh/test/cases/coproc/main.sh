canary=$1
# Each coprocess waits for a line before it acts, and the script keeps its
# own copies of the coprocess's descriptors: bash closes ${W[@]} as soon as
# it reaps a finished coprocess, which on a busy machine can happen before
# the read below ("Bad file descriptor").
coproc W { read -r _; if echo pwned > "$canary"; then echo WROTE; else echo denied; fi 2>/dev/null; }
exec {win}<&"${W[0]}" {wout}>&"${W[1]}"
echo go >&"$wout"
read -r r <&"$win"; wait "$W_PID" 2>/dev/null
echo "coproc write: $r"
coproc C { read -r _; cat /etc/hostname 2>/dev/null || echo denied; }
exec {cin}<&"${C[0]}" {cout}>&"${C[1]}"
echo go >&"$cout"
read -r r <&"$cin"; wait "$C_PID" 2>/dev/null
echo "coproc cat: $r"
echo done
