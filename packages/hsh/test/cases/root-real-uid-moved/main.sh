echo "uid=$UID"; echo "euid=$EUID"
