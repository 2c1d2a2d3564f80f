local s = string.rep("x", 400 << 20); print("allocated " .. (#s >> 20) .. "M")
