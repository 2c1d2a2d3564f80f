process.on("uncaughtException", (e) => console.log(`caught: ${e.message}`));
setTimeout(() => console.log("still running"), 5);
throw new Error("kaboom");
