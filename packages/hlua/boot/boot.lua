-- hlua's boot script. Runs inside the sandbox (Landlock, seccomp and rlimits
-- are already in force) before the user's script, as
--     lua5.4 -E boot.lua LIMIT SCRIPT [ARG]...
--     lua5.4 -E boot.lua LIMIT - [ARG]...    (the program on stdin)
--     lua5.4 -E -i boot.lua --repl            (lua's own prompt follows)
-- LIMIT is the memory rlimit that binds, as a -r value ("as=256M",
-- "data=128M") or "none": named if the script dies of "not enough memory"
-- (src/memory-limit.ts).
--
-- The kernel is the boundary, not this file. It only gives a readable message
-- for the doors to other programs and native code (the kernel refuses new
-- processes, and confines native code like any other), and runs the script
-- the way the lua command would, with exit status 2 for errors. Everything
-- else, the debug library included, is lua5.4's own. The functions replaced
-- here keep the original as an upvalue on purpose: debug.getupvalue reaches
-- it, and calling it meets the kernel's refusal (test/cases/debug-real-*,
-- debug-upvalue). README.md lists every change.

-- What the boot uses after the script has run, taken before it can change them.
local xpcall, traceback, sethook = xpcall, debug.traceback, debug.sethook
local type, tostring, pcall, select = type, tostring, pcall, select
local find, sub, match = string.find, string.sub, string.match
local unpack, exit = table.unpack, os.exit
local stderr, write, flush = io.stderr, io.stderr.write, io.stderr.flush
local getmetatable = debug.getmetatable

-- A message in place of `original`, which stays reachable (see above). With
-- `noCommand`, a call without a command (os.execute(): "is there a shell?")
-- answers it instead: there is none to run (the real function would spawn sh
-- to find out, which the kernel refuses).
local function message(name, why, original, noCommand)
  return function(...)
    local _ = original
    if noCommand ~= nil and (select("#", ...) == 0 or (...) == nil) then
      return noCommand
    end
    error(name .. " is not allowed in hlua (" .. why .. ")", 2)
  end
end

os.execute = message("os.execute", "it runs no programs", os.execute, false)
io.popen = message("io.popen", "it runs no programs", io.popen)
package.loadlib = message("package.loadlib", "it loads no native code", package.loadlib)
-- C modules: one line in require's "not found" message instead of the C
-- searchers' lines for an empty path; the originals stay reachable too.
local function searcher(text, original)
  return function()
    local _ = original
    return text
  end
end
package.cpath = ""
package.searchers[3] = searcher("no C modules in hlua (it loads no native code)", package.searchers[3])
package.searchers[4] = searcher(nil, package.searchers[4])

-- Without a script (see hlua's profile, repl): lua's own prompt (readline,
-- history in memory) follows this boot in the same state, so every message
-- above holds at the prompt too.
if arg[1] == "--repl" then
  local first = 0
  while arg[first - 1] ~= nil do
    first = first - 1
  end
  arg = { [0] = arg[first] }
  write(stderr, "hlua: a confined session: no files beyond the grants, no programs, no network. Ctrl-D exits.\n")
  return
end

local limit, script = arg[1], arg[2]

-- The line after Lua's own "not enough memory": which -r flag to raise.
local function memoryLine()
  local name, value = match(limit, "^(%a+)=(.+)$")
  if not name then
    return "hlua: neither -r as= nor -r data= bound it (-R, or both unlimited): the machine's memory or the caller's limits ran out"
  end
  local what = name == "as" and "address-space" or "data (heap)"
  return "hlua: the " .. what .. " limit is " .. value .. " (-r " .. limit .. "); raise it with -r " .. name .. "=SIZE"
end

-- `arg` as `lua5.4 SCRIPT ARGS` sets it: arg[0] the script, arg[-1] the interpreter.
local first = 0
while arg[first - 1] ~= nil do
  first = first - 1
end
local args = { [-1] = arg[first], [0] = script }
for i = 3, #arg do
  args[i - 2] = arg[i]
end
arg = args

-- require() looks beside the script first (readable only with -s).
if script ~= "-" then
  local dir = match(script, "^(.*)/[^/]*$") or "."
  package.path = dir .. "/?.lua;" .. dir .. "/?/init.lua;" .. package.path
end

-- loadfile(nil) reads stdin (chunk name "=stdin"), as `lua5.4 -` does.
local chunk, err = loadfile(script ~= "-" and script or nil)
if not chunk then
  write(stderr, "hlua: ", tostring(err), "\n")
  exit(2)
end

-- The last two lines of a traceback taken in the script are `[C]: in
-- function 'xpcall'` and this file's main chunk, above lua.c's `[C]: in ?`:
-- drop them, so the report reads as lua5.4's.
local here = debug.getinfo(1, "S").short_src
local function report(e)
  if type(e) ~= "string" then
    local mt = getmetatable(e)
    local ok, s = pcall(function() return mt and mt.__tostring and mt.__tostring(e) end)
    return ok and type(s) == "string" and s or "(error object is a " .. type(e) .. " value)"
  end
  -- error(nil): the handler's traceback has no message to go before it.
  if sub(e, 1, 17) == "stack traceback:\n" then
    e = "(error object is a nil value)\n" .. e
  end
  local head, boot, last = match(e, "^(.*)\n\t[^\n]*\n(\t[^\n]*)(\n\t[^\n]*)$")
  if head and find(boot, "\t" .. here .. ":", 1, true) == 1 then
    return head .. last
  end
  return e
end

-- Run the chunk with debug.traceback (a C function) as the message handler,
-- so a script's line hook sees none of this file; the same line then clears
-- any hook the script left, before another line of the boot runs. xpcall is
-- called as a call's result, not by a variable's name: debug.getinfo(2, "n")
-- in the main chunk then names nothing, as for lua.c's own C frame there.
local ok, e = select(1, xpcall)(chunk, traceback, unpack(args, 1, #args)) sethook()
if not ok then
  -- A memory error never reaches the handler: its message comes alone.
  if e == "not enough memory" then
    write(stderr, "hlua: not enough memory\n", memoryLine(), "\n")
  else
    write(stderr, "hlua: ", report(e), "\n")
  end
  flush(stderr)
  exit(2, true)
end
