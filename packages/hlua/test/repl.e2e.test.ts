// hlua without a script: lua5.4's own prompt (readline) under the sandbox,
// driven in tmux; and the program on a pipe. See tools/e2e/repl-suite.ts.
import { expect, it } from "vitest";
import { bound, sleep } from "../../../tools/e2e/process.js";
import { replSuite } from "../../../tools/e2e/repl-suite.js";
import { haveTmux } from "../../../tools/e2e/tmux.js";

const prompt = /^>\s*$/m;

replSuite(
  "hlua",
  {
    prompt,
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
  },
  (h) => {
    // Ctrl-C as at bare `lua5.4 -i`: while a chunk runs, the terminal's SIGINT
    // reaches lua.c's handler ("interrupted!", the prompt comes back); at the
    // prompt readline re-sends it to itself with kill(own pid) (hlua's
    // REPL_RULES), lua.c has no handler there, and the session ends by SIGINT
    // (the outer shell's $? is 130).
    for (const user of h.users) {
      it.skipIf(!haveTmux())(
        `Ctrl-C interrupts a running loop, and at the prompt ends the session, as in lua5.4 (as ${user === "root" ? "root" : "uid 65534"})`,
        async () => {
          const t = await h.start(user);
          let m = await t.mark();
          await t.line("while true do end");
          // Let the loop start before the key (readline must have handed the line over).
          await sleep(500);
          await t.keys("C-c");
          await t.waitFor("interrupted!", m);
          await t.waitFor(prompt, m);
          m = await t.mark();
          await t.line("6*7");
          await t.waitFor("42", m);
          await t.waitFor(prompt, m);
          m = await t.mark();
          await t.type("1+1");
          await t.keys("C-c");
          await t.waitFor(/outer\$\s*$/, m);
          m = await t.mark();
          await t.line('echo "STATUS=$?"');
          const s = await t.waitFor("STATUS=", m);
          expect(s).toContain("STATUS=130");
        },
        bound(120_000),
      );
    }
  },
);
