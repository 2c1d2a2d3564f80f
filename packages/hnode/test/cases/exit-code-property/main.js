process.exitCode = 4;
