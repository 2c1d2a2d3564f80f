// The shared entry point of every host's bin: parse, resolve, plan, then
// --explain or launch. Every refusal is one line on stderr and exit 1.
import { isatty } from "node:tty";
import { type KernelAbi, kernelAbiFromVersion } from "@hsandbox/landlock";
import { landlockAbi } from "./apply/landlock.js";
import { helpText, type ParsedCommandLine, parseCommandLine } from "./cli.js";
import { HostError } from "./errors.js";
import { explainBpf, explainJson, explainText } from "./explain.js";
import { libc } from "./ffi.js";
import { launch } from "./launch.js";
import { reports } from "./plan/seccomp.js";
import { buildPolicy } from "./policy.js";
import type { HostProfile } from "./profile.js";
import { type ReportHandOff, startReporter } from "./report/hand-off.js";
import { reporterRequest, runReporter } from "./report/reporter.js";
import { findInterpreter, interpreterVersionOutput } from "./resolve.js";
import { phase, timingStart } from "./timing.js";
import { observe } from "./trace/observe.js";

function kernelAbi(): KernelAbi {
  const real = landlockAbi();
  // Test-only (packages/core/test/fallback.e2e.test.ts): H_TEST_LANDLOCK_ABI=N
  // makes the planner see at most ABI N (0: no Landlock) so best-effort
  // fallbacks can be tested on a new kernel. Honoured only when it lowers what
  // the kernel has, never to claim more; without --best-effort a lower ABI can
  // only turn a run into a refusal.
  const cap = process.env.H_TEST_LANDLOCK_ABI;
  if (cap !== undefined && /^[0-7]$/.test(cap) && Number(cap) < real) return kernelAbiFromVersion(Number(cap));
  return kernelAbiFromVersion(real);
}

function versionText(profile: HostProfile, cl: ParsedCommandLine): string {
  const lines = [`${profile.name} ${profile.version}`];
  try {
    const { binary } = findInterpreter(profile.interpreter, cl.options.interpreter);
    const v = interpreterVersionOutput(profile.interpreter, binary).split("\n")[0]?.trim() || "version unknown";
    lines.push(`interpreter: ${binary} (${v})`);
  } catch (e) {
    lines.push(`interpreter: ${(e as Error).message}`);
  }
  const abi = kernelAbi();
  lines.push(`kernel Landlock ABI: ${abi === 0 ? "none (Landlock unavailable)" : abi}`);
  return lines.join("\n");
}

function fail(host: string, e: unknown): never {
  if (e instanceof HostError) {
    process.stderr.write(`${host}: ${e.message}\n`);
    if (e.hint) process.stderr.write(`${host}: hint: ${e.hint}\n`);
  } else {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${host}: internal error: ${msg}\n${host}: this is a bug in ${host}; please report it\n`);
    if (process.env.H_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
  }
  process.exit(1);
}

export function runHost(profile: HostProfile, argv: readonly string[], moduleDir: string): void {
  // The reporting process started by a launcher (report/hand-off.ts) is this bin again.
  const reporter = reporterRequest();
  if (reporter === "malformed")
    fail(profile.name, new HostError("bad internal reporter request; not started by a launcher?"));
  if (reporter !== undefined) runReporter(profile, reporter);
  timingStart();
  try {
    const cl = parseCommandLine(argv, profile.options);
    phase("cli");
    if (cl.options.help) {
      process.stdout.write(`${helpText(profile.name, profile.summary, profile.options, profile.repl !== undefined)}\n`);
      return;
    }
    if (cl.options.version) {
      process.stdout.write(`${versionText(profile, cl)}\n`);
      return;
    }
    const c = libc();
    phase("koffi");
    // Started first so that it boots while this launcher plans (report/hand-off.ts).
    const handOff: ReportHandOff | undefined =
      cl.options.explain === false && reports(cl.options)
        ? startReporter(profile.name, cl.options.onViolation)
        : undefined;
    phase("reporter");
    const abi = kernelAbi();
    const policy = buildPolicy({
      profile,
      cli: cl,
      packageDir: moduleDir,
      landlockAbi: abi,
      uid: c.getuid(),
      euid: c.geteuid(),
      environ: process.env,
      // isatty(3), not process.stdin: that would make node open the terminal.
      stdinIsTty: isatty(0),
    });
    if (cl.options.explain === "json") {
      process.stdout.write(`${JSON.stringify(explainJson(policy), null, 2)}\n`);
      return;
    }
    if (cl.options.explain === "bpf") {
      process.stdout.write(explainBpf(policy));
      return;
    }
    if (cl.options.explain === "text") {
      process.stdout.write(explainText(policy));
      return;
    }
    // --trace / --learn: strace from outside, then a summary (trace/observe.ts).
    if (cl.options.trace !== undefined || cl.options.learn) observe(profile, cl, policy, argv);
    launch(policy, handOff);
  } catch (e) {
    fail(profile.name, e);
  }
}
