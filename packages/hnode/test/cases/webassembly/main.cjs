// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,7,1,96,2,127,127,1,127,3,2,1,0,7,7,1,3,97,100,100,0,0,10,9,1,7,0,32,0,32,1,106,11]);
const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
console.log(`add: ${instance.exports.add(2, 3)}`);
// V8 reserves more virtual range per wasm memory than it uses (hnode turns
// off the trap handler's 10 GiB guard regions, src/node-flags.ts wasmFlags;
// with them not even the first memory fitted under the limit); a bomb of
// them ends in a catchable RangeError at the address-space limit, not a crash.
const mems = [];
let pages = 0;
try {
  for (let i = 0; i < 1000; i++) { mems.push(new WebAssembly.Memory({ initial: 1024 })); pages += 1024; }
  console.log(`grow NOT stopped: ${pages} pages`);
} catch (e) {
  console.log(`grow stopped after ${pages / 16} MiB: ${e.constructor.name}`);
}
console.log("done");
