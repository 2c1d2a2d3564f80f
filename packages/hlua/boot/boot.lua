-- hlua's boot script. Runs inside the sandbox (Landlock, seccomp and rlimits
-- are already in force) before the user's script, as
--     lua5.4 -E boot.lua SCRIPT [ARG]...
-- It removes the Lua doors to other programs and native code with a clear
-- message (the kernel would refuse them anyway, less readably), then runs the
-- script the way the lua command would, with exit status 2 for errors.

local script = arg[1]

local function forbid(name)
  return function()
    error(name .. " is not allowed in hlua", 2)
  end
end

os.execute = forbid("os.execute")
io.popen = forbid("io.popen")
package.loadlib = forbid("package.loadlib")
-- No C modules: the C searchers would dlopen native code.
package.cpath = ""
package.searchers[3] = nil
package.searchers[4] = nil

-- Text chunks only: loading precompiled bytecode is a known way to corrupt
-- the interpreter's memory.
local raw_load, raw_loadfile, raw_dofile = load, loadfile, dofile
load = function(chunk, name, mode, env)
  if mode ~= nil and mode ~= "t" then
    error("binary chunks are not allowed in hlua", 2)
  end
  if env == nil then
    return raw_load(chunk, name, "t")
  end
  return raw_load(chunk, name, "t", env)
end
loadfile = function(name, mode, env)
  if mode ~= nil and mode ~= "t" then
    error("binary chunks are not allowed in hlua", 2)
  end
  if env == nil then
    return raw_loadfile(name, "t")
  end
  return raw_loadfile(name, "t", env)
end
dofile = function(name)
  local f = assert(loadfile(name))
  return f()
end

-- require's Lua searcher calls luaL_loadfilex with mode "bt" (binary too):
-- replace it with one that loads text only, or a bytecode file written to a
-- granted dir (-t) and put on package.path would be loaded
-- (test/cases/require-bytecode).
package.searchers[2] = function(name)
  local path, err = package.searchpath(name, package.path)
  if not path then
    return "\n\t" .. err
  end
  local f, lerr = raw_loadfile(path, "t")
  if not f then
    error(string.format("error loading module '%s' from file '%s':\n\t%s", name, path, lerr), 2)
  end
  return f, path
end

-- The debug library reaches local variables and upvalues of any function:
-- debug.getupvalue(load, 2) is raw_load above, which loads bytecode
-- (test/cases/debug-upvalue). Keep what scripts use to report errors and
-- inspect their own call stack; drop what reads or writes other functions'
-- locals, upvalues, the registry or metatables.
do
  local d = debug
  local safe = { traceback = d.traceback, getinfo = d.getinfo, sethook = d.sethook, gethook = d.gethook }
  debug = safe
  package.loaded.debug = safe
end

-- Without a script (see hlua's profile, repl):
--   "--repl": run as `lua5.4 -E -i boot.lua --repl`; lua's own prompt
--   (readline, history in memory) follows this boot in the same state, so
--   every refusal above holds at the prompt too.
--   "-": the program is read from stdin, as `lua5.4 -` does.
if script == "--repl" then
  local first = 0
  while arg[first - 1] ~= nil do
    first = first - 1
  end
  arg = { [0] = arg[first] }
  io.stderr:write("hlua: a confined session: no files beyond the grants, no programs, no network. Ctrl-D exits.\n")
  return
end

-- `arg` as `lua SCRIPT ARGS` would set it: arg[0] is the script.
local interpreter = arg[-1]
local newarg = { [-1] = interpreter, [0] = script }
for i = 2, #arg do
  newarg[i - 1] = arg[i]
end
arg = newarg

-- require() looks beside the script first (readable only with -s).
if script ~= "-" then
  local dir = script:match("^(.*)/[^/]*$") or "."
  package.path = dir .. "/?.lua;" .. dir .. "/?/init.lua;" .. package.path
end

-- loadfile(nil) reads stdin (chunk name "=stdin"), as `lua5.4 -` does.
local chunk, err = raw_loadfile(script ~= "-" and script or nil, "t")
if not chunk then
  io.stderr:write("hlua: ", tostring(err), "\n")
  os.exit(2)
end

local function handler(e)
  local msg = e
  if type(e) ~= "string" then
    local mt = getmetatable(e)
    if mt and mt.__tostring then
      msg = tostring(e)
    else
      msg = "(error object is a " .. type(e) .. " value)"
    end
  end
  return debug.traceback(msg, 2)
end

local ok, e = xpcall(chunk, handler, table.unpack(newarg, 1, #newarg))
if not ok then
  io.stderr:write("hlua: ", tostring(e), "\n")
  io.stderr:flush()
  os.exit(2)
end
