# 100k `[ -e ]` (a stat each) and 20k `read < file` (openat, read, close): bash is slow per iteration.
N=${1:-100000}
me=$0
t=$EPOCHREALTIME
for ((i = 0; i < N; i++)); do [ -e "$me" ]; done
for ((i = 0; i < N / 5; i++)); do read -r _ < "$me"; done
e=$EPOCHREALTIME
us=$(( ${e/./} - ${t/./} ))
printf '%d.%06d\n' $((us / 1000000)) $((us % 1000000))
