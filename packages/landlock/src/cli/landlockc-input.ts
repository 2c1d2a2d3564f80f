// landlockc's input: one path per line, with optional rights and reason,
//   /usr/bin/python3.11  read+exec  # interpreter
//   /srv/data            read
//   /usr/lib/python3.11                  (rights from the file type)
// Rights are h's grant words (read, exec, write, list — what a host profile's
// grants say) or Landlock right names (read_file, execute, make_reg, …),
// joined with + or ,. Pure: the bin stats the paths.
import { AccessFs, type FsAccess, type FsRightName, fsAccess, READ, READ_WRITE } from "../access-fs.js";

/** h's grant vocabulary (core's GrantRight), the words a host profile uses. */
export type GrantWord = "read" | "exec" | "write" | "list";

export const GRANT_WORDS: Readonly<Record<GrantWord, FsAccess>> = {
  read: READ,
  exec: AccessFs.EXECUTE as FsAccess,
  write: READ_WRITE,
  list: AccessFs.READ_DIR as FsAccess,
};

export class LandlockcInputError extends Error {
  override readonly name = "LandlockcInputError";
}

export interface InputLine {
  readonly line: number;
  readonly path: string;
  /** Absent: decided from the file type. */
  readonly rights?: { readonly access: FsAccess; readonly words?: readonly GrantWord[] };
  readonly reason?: string;
}

/** Parses one RIGHTS word list ("read+exec", "read_file,execute"). */
export function parseRights(text: string): { access: FsAccess; words?: GrantWord[] } {
  const parts = text.split(/[+,]/).map((p) => p.trim());
  let access = 0n;
  const words: GrantWord[] = [];
  let allWords = true;
  for (const p of parts) {
    if (p === "") throw new LandlockcInputError(`empty right in '${text}'`);
    if (Object.hasOwn(GRANT_WORDS, p)) {
      words.push(p as GrantWord);
      access |= GRANT_WORDS[p as GrantWord];
      continue;
    }
    allWords = false;
    const name = p.toUpperCase().replace(/^LANDLOCK_ACCESS_FS_/, "");
    if (!Object.hasOwn(AccessFs, name)) {
      throw new LandlockcInputError(
        `unknown right '${p}' (read, exec, write, list, or a Landlock right such as read_file)`,
      );
    }
    access |= fsAccess(name as FsRightName);
  }
  return allWords ? { access: access as FsAccess, words } : { access: access as FsAccess };
}

/** Parses landlockc's input text. Throws LandlockcInputError naming the line. */
export function parseInput(text: string): InputLine[] {
  const out: InputLine[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    const hash = raw.search(/(^|\s)#/);
    const body = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    const reason = hash < 0 ? undefined : raw.slice(raw.indexOf("#", hash) + 1).trim() || undefined;
    if (body === "") return;
    const [path, rights, ...extra] = body.split(/\s+/);
    if (extra.length > 0) throw new LandlockcInputError(`line ${line}: expected PATH [RIGHTS] [# reason]`);
    try {
      out.push({
        line,
        path: path!,
        ...(rights !== undefined ? { rights: parseRights(rights) } : {}),
        ...(reason !== undefined ? { reason } : {}),
      });
    } catch (e) {
      throw new LandlockcInputError(`line ${line}: ${(e as Error).message}`);
    }
  });
  return out;
}
