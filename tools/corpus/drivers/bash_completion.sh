# Loads Debian's bash-completion (a 2,000-line bash library) the way an
# interactive shell does, then drives its pure-bash completion functions on a
# fixed command line and prints the candidates. External programs are not
# run by these functions (compgen, read, [[ ]] and parameter expansion only).
# usage: bash bash_completion.sh DIR   (DIR: a directory with a few files)
set -u
dir=${1:?directory}
shopt -s extglob progcomp
# bash_completion returns early in a non-interactive shell unless BASH_VERSION
# and PS1 look interactive; give it what it checks.
PS1='$ '
# shellcheck source=/dev/null
. /usr/share/bash-completion/bash_completion || exit 1
declare -F _filedir _variables _signals _init_completion >/dev/null || exit 2
show() { printf '%s\n' "${COMPREPLY[@]}" | sort; COMPREPLY=(); }
cd "$dir" || exit 3
COMP_WORDS=(cat ./); COMP_CWORD=1; COMP_LINE="cat ./"; COMP_POINT=${#COMP_LINE}
cur=./; _filedir; show
cur=''; _filedir -d; show
COMP_WORDS=(echo '$BASH_V'); COMP_CWORD=1; cur='$BASH_V'; _variables; show
cur='SIGT'; _signals; show
cur='-'; COMP_WORDS=(kill -); _signals -; show
echo "completion functions: $(compgen -A function | { c=0; while read -r _; do c=$((c + 1)); done; echo $c; })"
