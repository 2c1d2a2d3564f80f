local t = {} ; local s = string.rep("x", 1 << 20); local i = 0; while true do i = i + 1; t[i] = s .. i end
