// hlua without a script: lua5.4's own prompt (readline) under the sandbox,
// driven in tmux; and the program on a pipe. See tools/e2e/repl-suite.ts.
import { replSuite } from "../../../tools/e2e/repl-suite.js";

replSuite("hlua", {
  prompt: /^>\s*$/m,
  expression: ["6*7", "42"],
  escapes: [
    ["os.execute('id')", "os.execute is not allowed in hlua"],
    ["io.popen('id')", "io.popen is not allowed in hlua"],
    ["package.loadlib('/lib/x86_64-linux-gnu/libc.so.6', '*')", "package.loadlib is not allowed in hlua"],
    ["io.open('/etc/passwd')", "/etc/passwd: Permission denied"],
  ],
  exit: ["os.exit(3)", 3],
  piped: ["print(6*7)", "42"],
  pipedArgs: ["print(arg[0], ...)", "-\ta\tb"],
});
