// strace-learn workload: timers, immediates, microtasks, setInterval.
let n = 0;
const i = setInterval(() => {
  if (++n === 3) {
    clearInterval(i);
    console.log("timers ok");
  }
}, 5);
setImmediate(() => {});
queueMicrotask(() => {});
setTimeout(() => {}, 20);
Promise.resolve().then(() => {});
