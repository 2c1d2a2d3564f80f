-- Every function hlua replaces with a message keeps the original as an
-- upvalue. Take them all through the debug library and use them; with
-- --on-violation errno the kernel's refusal is an error the script sees.
local function original(f)
  for i = 1, 10 do
    local name, value = debug.getupvalue(f, i)
    if name == nil then break end
    if name == "original" then return value end
  end
end
local secret, canary = arg[1], arg[2]
local execute, popen, loadlib = original(os.execute), original(io.popen), original(package.loadlib)
local searcher = original(package.searchers[3])
print("reached:", type(execute), type(popen), type(loadlib), type(searcher))
print("os.execute:", execute("echo pwned > " .. canary))
print("io.popen:", popen("echo pwned > " .. canary .. "; cat " .. secret))
-- Native code: the real loadlib opens only what Landlock lets the script read.
print("package.loadlib:", loadlib(secret, "*"))
-- The real C searcher, with a path of the script's choosing: the same.
package.cpath = secret:gsub("credentials$", "?")
print("C searcher:", searcher("credentials"))
print("done")
