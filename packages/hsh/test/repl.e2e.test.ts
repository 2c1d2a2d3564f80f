// hsh without a script: bash -i (no startup files, no job control) under the
// sandbox, driven in tmux; the program on a pipe; --history; the CPU limit's
// message. See tools/e2e/repl-suite.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { bound } from "../../../tools/e2e/process.js";
import { replSuite } from "../../../tools/e2e/repl-suite.js";
import { haveTmux } from "../../../tools/e2e/tmux.js";

const PROMPT = /^hsh[#$]\s*$/m;

replSuite(
  "hsh",
  {
    prompt: PROMPT,
    expression: ["echo $((6*7))", "42"],
    escapes: [
      ["ls /", "/usr/bin/ls: Permission denied"],
      ["cat /etc/passwd", "/usr/bin/cat: Permission denied"],
      ["exec /usr/bin/id", "Permission denied"],
      ["echo x > /tmp/hsh-repl-escape", "/tmp/hsh-repl-escape: Permission denied"],
      // The outer shell is outside the sandbox's signal scope.
      ["kill -STOP $PPID", "Operation not permitted"],
    ],
    exit: ["exit 5", 5],
    piped: ["echo $((6*7))", "42"],
    pipedArgs: ['echo "$0:$*"', "bash:a b"],
  },
  ({ users, start, launch }) => {
    const tmux = haveTmux();
    for (const user of users) {
      const who = user === "root" ? "root" : "uid 65534";
      it.skipIf(!tmux)(
        `${who}: no job control, so a subshell may read the terminal (it is in the foreground group)`,
        async () => {
          const t = await start(user);
          let m = await t.mark();
          await t.line("echo flags=$-");
          await t.waitFor(/^flags=\w+/m, m);
          expect((await t.screen()).slice(m)).not.toMatch(/^flags=\w*m/m);
          m = await t.mark();
          await t.line("(read x; echo got=$x) | (read y; echo piped:$y)");
          await t.line("hello");
          await t.waitFor("piped:got=hello", m);
          // Ctrl-D only once the prompt is back: typed earlier, readline may drop it as it sets up the terminal.
          await t.waitFor(PROMPT, m);
          await t.keys("C-d");
          await t.waitFor("EXIT=0", m);
        },
        bound(120_000),
      );
      it.skipIf(!tmux)(
        `${who}: the CPU limit ends the session with one line naming -r cpu=N (SIGXCPU)`,
        async () => {
          const t = await start(user, ["-r", "cpu=1"]);
          const m = await t.mark();
          await t.line("while :; do :; done");
          await t.waitFor("hsh: CPU limit reached (1 s); -r cpu=N raises it", m);
          await t.waitFor("EXIT=152", m);
        },
        bound(120_000),
      );
      it.skipIf(!tmux)(
        `${who}: --history FILE: bash appends the session's lines to that one file`,
        async () => {
          const t = await start(user, ["--history", "{dir}/hist"]);
          let m = await t.mark();
          await t.line("echo $((6*7))");
          await t.waitFor("42", m);
          await t.waitFor(PROMPT, m);
          await t.keys("C-d"); // not `exit`: that would be the last history line
          await t.waitFor("EXIT=0", m);
          expect(readFileSync(join(t.dir, "hist"), "utf8")).toContain("echo $((6*7))");
          await launch(t, ["--history", "{dir}/hist"]);
          m = await t.mark();
          await t.keys("Up");
          await t.waitFor(/hsh[#$] echo \$\(\(6\*7\)\)$/);
          await t.keys("C-u", "C-d");
          await t.waitFor("EXIT=0", m);
        },
        bound(120_000),
      );
    }
  },
);
