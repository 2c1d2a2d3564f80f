function f() {
  // line 3 throws
  throw new Error("kaboom");
}
setTimeout(f, 1);
