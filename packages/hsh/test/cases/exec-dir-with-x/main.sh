dir=${BASH_SOURCE[0]%/*}
"$dir/tool.sh" "$1"; echo "tool rc=$?"
/usr/bin/cat /etc/hostname; echo "cat rc=$?"
