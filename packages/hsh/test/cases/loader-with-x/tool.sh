#!/usr/bin/bash
echo "tool says hi"
