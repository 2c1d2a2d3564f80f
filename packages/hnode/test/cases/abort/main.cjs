console.log("aborting");
process.abort();
