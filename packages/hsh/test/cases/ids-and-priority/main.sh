(echo sub)
echo x | { read -r v; echo "piped: ${v^^}"; }
echo "cmdsub: $(echo y)"
{ sleep_builtin() { :; }; sleep_builtin; } & wait $!; echo "bg done"
trap 'echo trap ran' USR1
kill -USR1 $$
echo done
