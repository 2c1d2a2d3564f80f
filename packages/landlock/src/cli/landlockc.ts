#!/usr/bin/env node
// landlockc: paths with rights in, the Landlock plan for an ABI out (as text,
// JSON or a host-profile snippet), with what lower ABIs would drop. The I/O
// around landlockc-input.ts and landlockc-output.ts.
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { abiVersion, LATEST_ABI } from "../abi.js";
import { AccessFs, type FsAccess, READ } from "../access-fs.js";
import { LandlockPlanError, planLandlock } from "../plan.js";
import { type GrantWord, type InputLine, LandlockcInputError, parseInput, parseRights } from "./landlockc-input.js";
import {
  type Grant,
  lowerAbis,
  ProfileSnippetError,
  renderJson,
  renderProfile,
  renderText,
  requestOf,
} from "./landlockc-output.js";

const USAGE = `usage: landlockc [OPTION]... [FILE]

Turn paths with rights into the Landlock ruleset a kernel with the given ABI
enforces (best effort: what the ABI lacks is dropped and said), and what each
lower ABI would drop on top. FILE (default stdin, also "-") has one path per line:
  PATH [RIGHTS] [# reason]
RIGHTS: read, exec, write, list (h's grant words) or Landlock right names
(read_file, execute, make_reg, ...), joined with + or ",". Without RIGHTS:
read for directories and files, read+exec for executable files.
Example:  paths python3 | landlockc --abi 4

options:
  -a, --abi N            the kernel's Landlock ABI, 1..${LATEST_ABI} (default ${LATEST_ABI})
  -f, --format FORMAT    text (default), json (loads back into the planner),
                         or profile (a \`grants\` list for defineHost)
  -g, --grant PATH[=RIGHTS]  one more path, as a line of FILE would give it;
                         with -g and no FILE, stdin is not read
  -h, --help             show this help and exit

exit status: 0; 1 on bad input (one line on stderr).`;

class LandlockcError extends Error {}

function kindAndDefault(path: string): { kind: "file" | "dir"; access: FsAccess; words: GrantWord[] } {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LandlockcError(`${path}: ${code === "ENOENT" ? "no such file or directory" : (e as Error).message}`);
  }
  if (st.isDirectory()) return { kind: "dir", access: READ, words: ["read"] };
  try {
    accessSync(path, constants.X_OK);
    return { kind: "file", access: (READ | AccessFs.EXECUTE) as FsAccess, words: ["read", "exec"] };
  } catch {
    return { kind: "file", access: READ, words: ["read"] };
  }
}

function toGrant(l: InputLine): Grant {
  const path = resolve(l.path);
  const d = kindAndDefault(path);
  const rights = l.rights ?? { access: d.access, words: d.words };
  return {
    path,
    kind: d.kind,
    access: rights.access,
    ...(rights.words !== undefined ? { words: rights.words } : {}),
    reason: l.reason ?? "landlockc",
  };
}

function main(argv: readonly string[]): number {
  try {
    let p: ReturnType<typeof parse>;
    try {
      p = parse(argv);
    } catch (e) {
      throw new LandlockcError(((e as Error).message.split("\n")[0] ?? "").split(". ")[0]);
    }
    const v = p.values;
    if (v.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (p.positionals.length > 1) throw new LandlockcError("one FILE at most");
    const abiText = v.abi ?? String(LATEST_ABI);
    if (!/^\d+$/.test(abiText)) throw new LandlockcError(`--abi: '${abiText}' is not a number 1..${LATEST_ABI}`);
    let abi: ReturnType<typeof abiVersion>;
    try {
      abi = abiVersion(Number(abiText));
    } catch {
      throw new LandlockcError(`--abi ${abiText} is out of range: Landlock ABIs are 1..${LATEST_ABI}`);
    }
    const format = v.format ?? "text";
    if (format !== "text" && format !== "json" && format !== "profile") {
      throw new LandlockcError(`--format: '${format}' (text, json or profile)`);
    }
    const file = p.positionals[0] ?? "-";
    const lines: InputLine[] = [];
    if (p.positionals.length > 0 || (v.grant ?? []).length === 0) {
      let text: string;
      try {
        text = readFileSync(file === "-" ? 0 : file, "utf8");
      } catch {
        throw new LandlockcError(`${file}: cannot be read`);
      }
      lines.push(...parseInput(text));
    }
    for (const g of v.grant ?? []) {
      const eq = g.lastIndexOf("=");
      const path = eq < 0 ? g : g.slice(0, eq);
      const rights = eq < 0 ? undefined : parseRights(g.slice(eq + 1));
      lines.push({ line: 0, path, ...(rights ? { rights } : {}), reason: "-g" });
    }
    if (lines.length === 0) throw new LandlockcError("no paths given");
    const grants = lines.map(toGrant);
    const request = requestOf(grants);
    const plan = planLandlock(request, abi, "best-effort");
    const lower = lowerAbis(request, plan);
    const out =
      format === "json"
        ? renderJson(request, plan, lower)
        : format === "profile"
          ? renderProfile(grants, plan, lower)
          : renderText(plan, lower);
    process.stdout.write(out);
    return 0;
  } catch (e) {
    const known =
      e instanceof LandlockcError ||
      e instanceof LandlockcInputError ||
      e instanceof ProfileSnippetError ||
      e instanceof LandlockPlanError;
    process.stderr.write(`landlockc: ${known ? (e as Error).message : `internal error: ${(e as Error).message}`}\n`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      abi: { type: "string", short: "a" },
      format: { type: "string", short: "f" },
      grant: { type: "string", short: "g", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
}

process.exitCode = main(process.argv.slice(2));
