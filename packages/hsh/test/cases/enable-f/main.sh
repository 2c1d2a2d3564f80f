secret=$1 casedir=$2
try() { if enable -f "$2" "$3" 2>/dev/null; then echo "$1: LOADED"; else echo "$1: refused"; fi; }
try secret "$secret" x
try casedir "$casedir/evil.so" evil
try loadables /usr/lib/bash/mkdir mkdir
try libc /lib/x86_64-linux-gnu/libc.so.6 system
echo done
