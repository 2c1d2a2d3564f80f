// HOME, USER and LOGNAME for a script, shared by the hosts whose runtimes ask
// for them (Python's Path.home()/getpass.getuser(), Node's os.homedir()).
// Without them both fall back to getpwuid, which reads /etc/passwd: not
// granted, since it names every user of the machine.
import { userInfo } from "node:os";
import { isAbsolute, relative } from "node:path";
import type { LaunchContext } from "./profile.js";

/** Where HOME points when the real home is not granted: a path that cannot exist (Debian's home for nobody). */
export const NO_HOME = "/nonexistent";

const beneath = (dir: string, p: string): boolean => {
  const r = relative(dir, p);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
};

/**
 * HOME is the launcher's own only when a grant covers it (else the script
 * would be told of a directory it cannot read); otherwise NO_HOME. USER and
 * LOGNAME name the user who ran the host (as root, root: the script's real
 * uid is then 65534, but "who is running this" is the caller). A uid without
 * a passwd entry gets neither. --env overrides each.
 */
export function homeAndUserEnv(ctx: LaunchContext): Record<string, string> {
  const env: Record<string, string> = {};
  const home = process.env.HOME;
  const granted = home !== undefined && isAbsolute(home) && (ctx.userGrants ?? []).some((g) => beneath(g.path, home));
  env.HOME = granted ? home : NO_HOME;
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = undefined;
  }
  if (user) {
    env.USER = user;
    env.LOGNAME = user;
  }
  return env;
}
