# the case runs nope.sh
