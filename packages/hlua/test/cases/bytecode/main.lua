-- Precompiled chunks load as in lua5.4: hlua does not guard them. A crafted
-- chunk can corrupt the interpreter's memory, but the corrupted process is
-- still inside the kernel's walls (README: what hlua changes in Lua).
local bc = string.dump(function(x) return "bytecode ran " .. x end)
local f = assert(load(bc))
print(f(1))
print(assert(load(bc, "x", "b"))(2))
print("text only:", load(bc, "x", "t"))
