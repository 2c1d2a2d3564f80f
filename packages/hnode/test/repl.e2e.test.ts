// hnode without a script: node's own REPL under the sandbox (and Node's
// permission model), driven in tmux; and the program on a pipe. See
// tools/e2e/repl-suite.ts.
import { replSuite } from "../../../tools/e2e/repl-suite.js";

replSuite("hnode", {
  prompt: /^>\s*$/m,
  expression: ["6*7", "42"],
  escapes: [
    // sync-ok: the next line is text typed into the sandboxed REPL, not a call here.
    ["require('child_process').execSync('id')", "ERR_ACCESS_DENIED"],
    ["require('fs').readFileSync('/etc/passwd')", "ERR_ACCESS_DENIED"],
    ["new (require('worker_threads').Worker)('1', { eval: true })", "ERR_ACCESS_DENIED"],
  ],
  exit: ["process.exit(6)", 6],
  piped: ["console.log(6*7)", "42"],
  pipedArgs: ["console.log(process.argv.slice(1).join(' '))", "- a b"],
});
