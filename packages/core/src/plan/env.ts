// Planner: the interpreter's environment. Empty, plus what the profile needs,
// plus TMPDIR with -t, plus --env; a session's variables only where --env
// and the profile left a name unset. Pure.
import type { ParsedCommandLine } from "../cli.js";

export function planEnv(
  hostEnv: Readonly<Record<string, string>>,
  options: ParsedCommandLine["options"],
  tmpDir: string | undefined,
  environ: Readonly<Record<string, string | undefined>>,
  sessionEnv: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = { ...hostEnv };
  if (tmpDir) env.TMPDIR = tmpDir;
  for (const e of options.env) {
    const eq = e.indexOf("=");
    if (eq >= 0) env[e.slice(0, eq)] = e.slice(eq + 1);
    else {
      const v = environ[e];
      if (v !== undefined) env[e] = v;
    }
  }
  for (const [k, v] of Object.entries(sessionEnv)) if (!(k in env)) env[k] = v;
  return env;
}
