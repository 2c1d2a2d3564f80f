return { greet = function() return "hi from helper" end }
