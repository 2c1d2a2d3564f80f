print("ok")
local x = = 1
