// hpython without a script: CPython's own prompt (readline) under the
// sandbox, driven in tmux; the program on a pipe; history in memory or in the
// one --history file; and the terminal-injection attack. See
// tools/e2e/repl-suite.ts.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { bound } from "../../../tools/e2e/process.js";
import { replSuite } from "../../../tools/e2e/repl-suite.js";
import { haveTmux, legacyTiocsti, TmuxSession } from "../../../tools/e2e/tmux.js";

const PROMPT = /^>>>\s*$/m;
/** Types "touch MARKER" + newline into the terminal's input queue, one TIOCSTI per character. */
const inject = (marker: string) =>
  `import fcntl, termios; [fcntl.ioctl(0, termios.TIOCSTI, c.encode()) for c in "touch ${marker}\\n"]`;

replSuite(
  "hpython",
  {
    prompt: PROMPT,
    expression: ["6*7", "42"],
    escapes: [
      ["import os; os.system('id')", "os.system is not allowed in hpython"],
      ["import subprocess; subprocess.run(['id'])", "subprocess is not allowed in hpython"],
      ["open('/etc/passwd').read()", "Permission denied: '/etc/passwd'"],
      // TIOCSPGRP: the foreground group of the user's terminal stays theirs.
      ["import os; os.tcsetpgrp(0, os.getpgrp())", "[Errno 1] Operation not permitted"],
    ],
    exit: ["exit(4)", 4],
    piped: ["print(6*7)", "42"],
    pipedArgs: ["import sys; print(sys.argv)", "['-', 'a', 'b']"],
  },
  ({ users, start, launch }) => {
    const tmux = haveTmux();
    for (const user of users) {
      const who = user === "root" ? "root" : "uid 65534";
      it.skipIf(!tmux)(
        `${who}: TIOCSTI from the prompt kills the session and nothing is typed into the outer shell [attacks: terminal injection (TIOCSTI)]`,
        async () => {
          const t = await start(user);
          const marker = join(t.dir, "pwned");
          let m = await t.mark();
          await t.line(inject(marker));
          await t.waitFor("EXIT=159", m); // 128 + SIGSYS
          m = await t.mark();
          await t.line("echo outer-alive");
          await t.waitFor(/^outer-alive/m, m);
          expect(existsSync(marker)).toBe(false);
        },
        bound(120_000),
      );
      it.skipIf(!tmux)(
        `${who}: with --on-violation=errno, TIOCSTI fails with EPERM and the session goes on`,
        async () => {
          const t = await start(user, ["--on-violation=errno"]);
          const marker = join(t.dir, "pwned");
          let m = await t.mark();
          await t.line(inject(marker));
          await t.waitFor("[Errno 1] Operation not permitted", m);
          await t.waitFor(PROMPT, m);
          await t.keys("C-d");
          await t.waitFor("EXIT=0", m);
          m = await t.mark();
          await t.line("echo outer-alive");
          await t.waitFor(/^outer-alive/m, m);
          expect(existsSync(marker)).toBe(false);
        },
        bound(120_000),
      );
      it.skipIf(!tmux || !legacyTiocsti())(
        `${who}: control: the same line outside the sandbox does type into the outer shell (the test can see an injection)`,
        async () => {
          const t = await TmuxSession.open(user);
          try {
            await t.ready();
            const marker = join(t.dir, "pwned");
            const m = await t.mark();
            await t.line(`/usr/bin/python3 -c '${inject(marker)}'`);
            // The outer shell reads the injected line after its prompt and runs it.
            await t.waitFor(`outer$ touch ${marker}`, m);
            await t.waitFor(/outer\$$/, m);
            await t.line("echo outer-alive");
            await t.waitFor(/^outer-alive/m, m);
            expect(existsSync(marker)).toBe(true);
          } finally {
            await t.close();
          }
        },
        bound(120_000),
      );
      it.skipIf(!tmux)(
        `${who}: history stays in memory: Up recalls a line, and no ~/.python_history is written`,
        async () => {
          const t = await start(user, [], {});
          let m = await t.mark();
          await t.line("6*7");
          await t.waitFor("42", m);
          m = await t.mark();
          await t.keys("Up");
          await t.waitFor(/>>> 6\*7$/);
          await t.keys("C-u", "C-d");
          await t.waitFor("EXIT=0", m);
          expect(t.exists(".python_history")).toBe(false);
        },
        bound(120_000),
      );
      it.skipIf(!tmux)(
        `${who}: --history FILE keeps the history in that one file, for the next session`,
        async () => {
          const t = await start(user, ["--history", "{dir}/hist"]);
          let m = await t.mark();
          await t.line("6*7");
          await t.waitFor("42", m);
          // Ctrl-D only once the prompt is back: typed earlier, readline may drop it as it sets up the terminal.
          await t.waitFor(PROMPT, m);
          await t.keys("C-d");
          await t.waitFor("EXIT=0", m);
          expect(readFileSync(join(t.dir, "hist"), "utf8")).toContain("6*7");
          await launch(t, ["--history", "{dir}/hist"]);
          m = await t.mark();
          await t.keys("Up");
          await t.waitFor(/>>> 6\*7$/);
          await t.keys("Enter");
          await t.waitFor("42", m);
          await t.waitFor(PROMPT, m);
          await t.keys("C-d");
          await t.waitFor("EXIT=0", m);
          expect(t.exists(".python_history")).toBe(false);
        },
        bound(120_000),
      );
    }
  },
);
