read -r line < "$1"; echo "secret rc=$?"; echo "$line"
read -r line < /etc/passwd; echo "passwd rc=$?"; echo "$line"
