-- An uncaught error: message and traceback as lua5.4 prints them.
local function f()
  error("kaboom")
end
local function g()
  f()
end
g()
