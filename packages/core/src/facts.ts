// What discover.ts finds out about the machine, as plain data: the only
// input of the planner (plan/index.ts) besides the command line and the host
// profile. A unit test writes one by hand.
import type { KernelAbi } from "@hsandbox/landlock";
import type { ClosureFacts, PathKinds } from "./plan/grants.js";
import type { PathGrant } from "./profile.js";
import type { FoundScript } from "./resolve.js";

export interface Facts {
  /** The host package's own directory (boot scripts live there). */
  readonly packageDir: string;
  readonly landlockAbi: KernelAbi;
  /** Real and effective uid of the launcher. */
  readonly uid: number;
  readonly euid: number;
  /** The launcher's environment, for --env NAME and the terminal's variables. */
  readonly environ: Readonly<Record<string, string | undefined>>;
  /** Whether stdin is a terminal: with no script, a prompt (else the program on stdin). */
  readonly stdinIsTty: boolean;
  /** The script, found (absent without one). */
  readonly script?: FoundScript;
  /** The interpreter binary that will be exec'd (a real path). */
  readonly interpreter: string;
  /** Its ELF closure (loader and libraries). */
  readonly closure: ClosureFacts;
  /** The host's probe answer for this interpreter (HostProfile.probe), when it has one. */
  readonly probe?: unknown;
  /** -t's directory, resolved ($TMPDIR or the system's). */
  readonly tmpDir?: string;
  /** --history FILE, absolute, and whether it exists (discover creates it for a launch; --explain does not). */
  readonly history?: { readonly path: string; readonly exists: boolean };
  /** An interactive session's terminal grants: the terminfo entry for $TERM, /etc/inputrc. */
  readonly terminalGrants: readonly PathGrant[];
  /** Whether /etc/inputrc exists. */
  readonly inputrc: boolean;
  /** Tasks the real uid already runs, when the nproc planner needs the number. */
  readonly tasksOfUser?: number;
  /** File or directory, for every path a grant names that exists. */
  readonly pathKinds: PathKinds;
}
