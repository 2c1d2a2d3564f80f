/usr/bin/cat /etc/passwd; echo "cat rc=$?"
/bin/sh -c "echo pwned > $1"; echo "sh rc=$?"
env; echo "env rc=$?"
echo "still running"
