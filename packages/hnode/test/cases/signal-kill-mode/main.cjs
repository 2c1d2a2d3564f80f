console.log("before");
process.kill(Number(process.argv[2]), "SIGKILL");
console.log("after");
