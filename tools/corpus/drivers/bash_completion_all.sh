# Sources every completion script Debian's bash-completion ships (hundreds of
# real, third-party bash programs: parsing, function definitions, `complete`
# registrations) and reports how many loaded. Sourcing does not run the
# completion functions, so no external program is started.
# usage: bash bash_completion_all.sh
PS1='$ '
shopt -s extglob progcomp
# shellcheck source=/dev/null
. /usr/share/bash-completion/bash_completion || exit 1
ok=0
bad=0
for f in /usr/share/bash-completion/completions/*; do
  # shellcheck source=/dev/null
  if (. "$f") >/dev/null 2>&1; then ok=$((ok + 1)); echo "ok $f"; else bad=$((bad + 1)); echo "not ok $f"; fi
done
echo "sourced ok: $ok, failed: $bad"
