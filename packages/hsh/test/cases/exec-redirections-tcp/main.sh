port=$1 canary=$2 secret=$3
if exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null; then echo "exec tcp: CONNECTED"; echo hi >&3; else echo "exec tcp: refused"; fi
if exec 4<"$secret" 2>/dev/null; then echo "exec read secret: OPENED"; else echo "exec read secret: refused"; fi
if exec 5>>"$canary" 2>/dev/null; then echo "exec write canary: OPENED"; else echo "exec write canary: refused"; fi
echo done
