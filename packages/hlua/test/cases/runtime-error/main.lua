local function f()
  error("kaboom")
end
f()
