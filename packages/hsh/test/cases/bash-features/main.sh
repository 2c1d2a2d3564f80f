# What ordinary scripts do with builtins alone, each printing one line.
dir=${BASH_SOURCE[0]%/*}
cat_() { local l; while IFS= read -r l; do printf '%s\n' "$l"; done; }
cat_ <<EOF2 | { read -r a b; echo "heredoc: $a $b"; }
one $((1 + 1))
EOF2
read -r w <<< "here string"; echo "herestring: $w"
read -r p < <(echo "from procsub"); echo "procsub: $p"
while read -r n; do s=$((${s:-0} + n)); done < <(printf '%s\n' 1 2 3); echo "procsub loop: $s"
coproc UP { read -r x; echo "${x^^}"; }
echo hi >&"${UP[1]}"; read -r y <&"${UP[0]}"; wait "$UP_PID"; echo "coproc: $y"
{ exit 3; } & wait $!; echo "wait: $?"
( exit 4 ) & ( exit 5 ) & wait -n; r=$?; wait; echo "wait -n: $([[ $r == 4 || $r == 5 ]] && echo ok)"
trap 'echo "trap USR1"' USR1; kill -USR1 $$
trap 'echo "trap ERR"' ERR; false; trap - ERR
f() { trap 'echo "trap RETURN"' RETURN; :; }; f; trap - RETURN
exec 3<> <(:); read -r -t 0.1 -u 3 _; echo "read -t: $(( $? > 128 ))"
echo "random: $((RANDOM >= 0)) $((SRANDOM >= 0))"
echo "epoch: ${EPOCHSECONDS:+set} ${EPOCHREALTIME:+set}"
printf -v d '%(%Y)T' -1; echo "strftime: ${#d}"
u=$(umask); echo "umask: ${#u}"
n=$(ulimit -n) t=$(ulimit -t); echo "ulimit: $(( n > 0 )) ${t:+set}"
times >/dev/null && echo "times: ok"
{ time : ; } 2>/dev/null && echo "time: ok"
cd "$dir" && echo "cd: $(basename_() { echo "${1##*/}"; }; basename_ "$PWD")" && cd - >/dev/null
pushd / >/dev/null && popd >/dev/null && echo "pushd: ok"
files=("$dir"/*.sh); echo "glob: ${#files[@]}"
mapfile -t lines < "$dir/main.sh"; echo "mapfile: $(( ${#lines[@]} > 10 ))"
[[ -r $dir/main.sh && -f $dir/main.sh && -d $dir && ! -e $dir/nope ]] && echo "test: ok"
test -x "$dir/main.sh"; echo "test -x: $?"
v=$(< "$dir/lib.sh"); echo "cmdsub file: ${#v}"
command -v printf >/dev/null && type -t cat_ >/dev/null && echo "command -v: ok"
hash -r; echo "hash: ok"
while getopts "ab:" o -a -b x; do :; done; echo "getopts: ok"
source "$dir/lib.sh"; echo "source: $(lib_fn)"
echo "pids: $(( $$ > 0 && BASHPID > 0 && PPID > 0 ))"
sleep_() { read -r -t "$1" -u 3 _; }; sleep_ 0.05; echo "sleep: ok"
exec {fd}>/dev/null; echo discard >&"$fd"; exec {fd}>&-; echo "fd var: ok"
echo "printf: $(printf '%05.1f|%x|%q' 3.14159 255 'a b')"
declare -A m=([k]=v); echo "assoc: ${m[k]}"
x=$(for i in 1 2 3; do echo $i; done | { s=0; while read -r i; do s=$((s + i)); done; echo $s; }); echo "pipeline: $x"
kill -0 $$ && echo "kill -0: ok"
( trap 'echo "sub trap TERM"; exit 0' TERM; kill -TERM $BASHPID; : ) ; echo "sub: $?"
sh_pid=$BASHPID; (echo "subshell pid differs: $(( BASHPID != sh_pid ))")
echo done
