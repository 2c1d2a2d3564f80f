canary=$1 work=$2
try() { if eval "$2" 2>/dev/null; then echo "$1: WROTE"; else echo "$1: denied"; fi; }
try ">" 'echo pwned > "$canary"'
try ">>" 'echo pwned >> "$canary"'
try "<>" 'echo pwned 1<> "$canary"'
try ">|" 'echo pwned >| "$canary"'
try "exec" 'exec 5> "$canary"'
set -o history; echo pwned >/dev/null
HISTFILE=$canary
try "history" 'history -w "$canary"'
try "new" ': > "$work/new.txt"'
try "cd+new" 'cd "$work" && : > new2.txt'
try "mkfifo" 'mkfifo "$work/fifo"'
echo done
