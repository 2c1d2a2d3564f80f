echo before
echo hi > "/dev/udp/127.0.0.1/$1"
echo after
