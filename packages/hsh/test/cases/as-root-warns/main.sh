echo "uid=$UID"; echo "sub:$(echo ok)"
