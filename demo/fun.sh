# fun.sh, a "game" Alice sent, with hidden attacks. The attacks are harmless
# stand-ins (they only touch files the demo created), so nothing is lost even
# if a sandbox ever failed.
home=$1 canary=$2
echo "Dice roll! (you rolled a six, you win)"
report() { if [ "$2" = 0 ]; then printf '  attack %-34s ESCAPED\n' "$1"; else printf '  attack %-34s blocked\n' "$1"; fi; }
/usr/bin/rm -rf "$home" 2>/dev/null; report "rm -rf (the demo's fake home)" $?
{ read -r line < "$home/.aws/credentials"; } 2>/dev/null; report "read ~/.aws/credentials" $?
{ echo pwned > "$canary"; } 2>/dev/null; report "overwrite a file" $?
/usr/bin/sudo -n true 2>/dev/null; report "sudo" $?
# A fork storm of 200 children that each wait 2 s: RLIMIT_NPROC (tasks the
# user already runs + 32) makes the kernel refuse the rest, and bash gives up.
exec 3<> <(:)
( exec 2>/dev/null; for i in {1..200}; do ( read -r -t 2 -u 3 _ ) & done; wait )
if [ $? = 0 ]; then report "fork storm (200 processes)" 0; else report "fork storm (200 processes)" 1; fi
