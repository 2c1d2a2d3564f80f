console.log("waiting");
setInterval(() => {}, 1 << 30);
