coproc R { read -r x; }
echo blocking
read -r y <&"${R[0]}"
echo "not reached"
