#!/usr/bin/bash
echo "tool says hi"
read -r line < "$1"; echo "tool secret rc=$?"
