# A here-document or here-string larger than a pipe holds goes through a
# temporary file in TMPDIR (-t): bash creates it, makes it read-only
# (fchmod, refused: hsh changes no permission bits) and unlinks it.
x=$(printf '%070000d' 0)
count() { local c=0 l; while IFS= read -r l; do c=$((c + ${#l})); done; echo "$c"; }
n=$(count <<EOF2
$x
EOF2
)
echo "heredoc bytes: $n"
read -r y <<< "$x"; echo "herestring bytes: ${#y}"
