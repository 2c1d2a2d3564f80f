// fetch() to a listener outside: socket() answers EACCES, the promise
// rejects, and the script goes on (node's HTTP parser is WebAssembly, which
// must fit under the address-space limit: see src/node-flags.ts wasmFlags).
fetch(`http://127.0.0.1:${process.argv[2]}/`).then(
  () => console.log("fetch: connected"),
  (e) => console.log(`fetch: ${e.cause?.code ?? e.message}`),
);
setTimeout(() => console.log("done"), 200);
