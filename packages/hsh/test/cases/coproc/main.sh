canary=$1
coproc W { if echo pwned > "$canary"; then echo WROTE; else echo denied; fi 2>/dev/null; }
read -r r <&"${W[0]}"; wait "$W_PID" 2>/dev/null
echo "coproc write: $r"
coproc C { cat /etc/hostname 2>/dev/null || echo denied; }
read -r r <&"${C[0]}"; wait "$C_PID" 2>/dev/null
echo "coproc cat: $r"
echo done
