const mod = { exports: {} };
try {
  process.dlopen(mod, "/usr/lib/x86_64-linux-gnu/libc.so.6");
  console.log("dlopen: loaded");
} catch (e) {
  console.log(`dlopen: ${e.code}`);
}
try {
  require("/usr/lib/x86_64-linux-gnu/libm.so.6.node");
} catch (e) {
  // Resolution fails before loading when the file does not exist; load a real one through the .node extension handler.
  try {
    require.extensions[".node"]({ exports: {} }, "/usr/lib/x86_64-linux-gnu/libm.so.6");
    console.log("require .node: loaded");
  } catch (e2) {
    console.log(`require .node: ${e2.code}`);
  }
}
