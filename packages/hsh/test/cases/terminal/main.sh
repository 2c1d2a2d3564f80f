for p in /dev/tty /dev/console /dev/ptmx /dev/pts/0; do
  if exec 3<>"$p" 2>/dev/null; then echo "$p: OPENED"; exec 3>&-; else echo "$p: denied"; fi
done
echo done
