"$1"; echo "prog rc=$?"
