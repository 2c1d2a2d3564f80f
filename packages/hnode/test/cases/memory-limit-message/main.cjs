// A Buffer bomb nobody catches: the address-space limit refuses an
// allocation, and the boot names the flag that raises it.
const a = [];
for (;;) a.push(Buffer.alloc(64 << 20, 1));
