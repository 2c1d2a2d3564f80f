// Running one workload with a hard deadline, and counting its passes.
import { spawn } from "node:child_process";

/**
 * Runs argv in its own process group; on timeout the whole group gets
 * SIGKILL. Output is capped (the tail is kept) so a chatty suite cannot
 * exhaust memory. Never rejects.
 */
export function runBounded(argv, { cwd, env, timeoutMs, stdinFile, cap = 4 << 20 }) {
  return new Promise((resolve) => {
    const started = Date.now();
    let child;
    try {
      child = spawn(argv[0], argv.slice(1), {
        cwd,
        env,
        detached: true,
        stdio: [stdinFile === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
    } catch (e) {
      resolve({ status: null, signal: null, stdout: "", stderr: String(e), timedOut: false, ms: 0 });
      return;
    }
    const bufs = { stdout: "", stderr: "" };
    for (const k of ["stdout", "stderr"])
      child[k].on("data", (d) => {
        bufs[k] += d.toString("utf8");
        if (bufs[k].length > cap) bufs[k] = bufs[k].slice(-cap);
      });
    if (stdinFile !== undefined) {
      import("node:fs").then(({ createReadStream }) => createReadStream(stdinFile).pipe(child.stdin));
      child.stdin.on("error", () => {});
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, timeoutMs);
    child.on("error", (e) => {
      bufs.stderr += String(e);
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      // Anything the workload left behind in its group goes too.
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
      resolve({ status, signal, ...bufs, timedOut, ms: Date.now() - started });
    });
  });
}

/**
 * Tests passed and run, from a workload's output, by the workload's `pass` kind:
 *   unittest   unittest -v: tests with an "ok" outcome line and no ERROR/FAIL line (a
 *              cleanup error prints a second line), else the "Ran N" summary, else the "ok" lines
 *   luaunit    "Ran N tests in ..., S successes, F failures"
 *   tap        TAP: the "# pass N" total, else the "ok N" lines
 *   lines      one test per line: `okLine` regex counts passes, `failLine` failures
 *   exit0      one test: exit status 0
 */
export function countPasses(w, r) {
  const out = `${r.stdout}\n${r.stderr}`;
  const exitOk = r.status === 0 && !r.timedOut;
  switch (w.pass) {
    case "unittest": {
      const ran = [...out.matchAll(/^Ran (\d+) tests? in /gm)].at(-1);
      const okLines = (out.match(/ \.\.\. ok$/gm) ?? []).length;
      // unittest -v prints one outcome line per test ("name (id) ... ok";
      // with a docstring, the name alone on the line before), and a second
      // ERROR line right after it when the same test's cleanup fails too:
      // the summary's errors= then counts that test twice. Passed = tests
      // whose outcome is ok and not followed by an error of their own.
      const lines = out.split("\n");
      let passed = 0;
      let outcomes = 0;
      let prevId;
      let prevOk = false;
      for (let i = 0; i < lines.length; i++) {
        const m = / \.\.\. (ok|ERROR|FAIL|skipped.*|expected failure|unexpected success)$/.exec(lines[i]);
        if (!m) continue;
        outcomes++;
        const named = /^(test\S* \([^)\n]*\))/.exec(lines[i])?.[1];
        const above = /^test\S* \([^)\n]*\)$/.test(lines[i - 1] ?? "") ? lines[i - 1] : undefined;
        const id = named ?? above ?? `line ${i}`;
        const ok = m[1] === "ok";
        if (id === prevId) {
          if (!ok && prevOk) passed--;
          prevOk = prevOk && ok;
          continue;
        }
        if (ok) passed++;
        prevId = id;
        prevOk = ok;
      }
      if (ran && outcomes > 0) return { passed, total: Number(ran[1]) };
      if (ran) {
        const n = Number(ran[1]);
        const tail = out.slice(ran.index);
        const get = (k) => Number(new RegExp(`${k}=(\\d+)`).exec(tail)?.[1] ?? 0);
        const bad = get("failures") + get("errors") + get("skipped") + get("expected failures");
        return { passed: n - bad, total: n };
      }
      return { passed: okLines, total: undefined };
    }
    case "luaunit": {
      const m = /Ran (\d+) tests in [\d.]+ seconds, (\d+) success(?:es)?/.exec(out);
      if (m) return { passed: Number(m[2]), total: Number(m[1]) };
      return { passed: 0, total: undefined };
    }
    case "tap": {
      const pass = [...out.matchAll(/^# pass\s+(\d+)/gm)].at(-1);
      const fail = [...out.matchAll(/^# fail\s+(\d+)/gm)].at(-1);
      if (pass) return { passed: Number(pass[1]), total: Number(pass[1]) + Number(fail?.[1] ?? 0) };
      return { passed: (out.match(/^ok \d+/gm) ?? []).length, total: undefined };
    }
    case "lines": {
      const ok = (out.match(new RegExp(w.okLine, "gm")) ?? []).length;
      const bad = w.failLine ? (out.match(new RegExp(w.failLine, "gm")) ?? []).length : 0;
      return { passed: ok, total: ok + bad };
    }
    default:
      return { passed: exitOk ? 1 : 0, total: 1 };
  }
}
