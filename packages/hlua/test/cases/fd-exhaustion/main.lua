local files, n = {}, 0
while true do
  local f, err = io.open(arg[0])
  if not f then print("stopped after " .. n .. " files: " .. err); break end
  n = n + 1; files[n] = f
  if n > 100000 then print("not stopped"); break end
end
