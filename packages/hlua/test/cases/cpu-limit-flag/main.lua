print("started"); io.stdout:flush(); local x = 0; while true do x = x + 1 end
