// A program name to a path, as a shell would find it: a name with a slash is
// a path; otherwise the first executable regular file of that name on $PATH
// that `accept` takes (paths takes ELF files only, so a wrapper script such as
// a pyenv shim is passed over for the interpreter it would run).
import { accessSync, constants, statSync } from "node:fs";
import { join, resolve } from "node:path";

export function which(
  name: string,
  path = process.env.PATH ?? "/usr/bin:/bin",
  accept: (file: string) => boolean = () => true,
): string | null {
  if (name.includes("/")) return resolve(name);
  for (const dir of path.split(":")) {
    const p = join(dir || ".", name);
    try {
      if (statSync(p).isFile()) {
        accessSync(p, constants.X_OK);
        if (accept(p)) return resolve(p);
      }
    } catch {
      // not here: try the next directory
    }
  }
  return null;
}
