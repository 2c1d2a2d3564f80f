local secret = arg[1]
local paths = { "/proc/self/environ", "/proc/1/environ", "/proc/1/cmdline", "/proc/self/mem", "/proc/1/maps" }
paths[#paths + 1] = "/proc/1/root" .. secret
paths[#paths + 1] = "/proc/self/root" .. secret
paths[#paths + 1] = "/proc/self/cwd/home/.aws/credentials"
for _, p in ipairs(paths) do
  local f = io.open(p, "rb")
  local label = p:match("^/proc/1/root") and "/proc/1/root" or p:match("^/proc/self/root") and "/proc/self/root" or p
  if f then print(label .. ": OPENED " .. tostring(f:read("a"))) f:close() else print(label .. ": denied") end
end
print("env: " .. tostring(os.getenv("H_TEST_ENV_SECRET")))
print("done")
