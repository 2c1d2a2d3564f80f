echo hi > /dev/tcp/127.0.0.1/9; echo "tcp rc=$?"
