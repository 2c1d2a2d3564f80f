// RLIMIT_NPROC counts every task (process or thread) of the *real* uid on the
// whole machine, not just this sandbox's. A fixed small number would make
// every fork fail for a user who already runs more; so the limit is "what the
// uid runs now + an allowance". Counting reads /proc/<pid>/status for each
// process, which is why only hosts that may create processes pay for it.
import { readdirSync, readFileSync } from "node:fs";

export function countTasksOfUser(uid: number): number {
  let count = 0;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${e}/status`, "latin1");
    } catch {
      continue; // exited meanwhile
    }
    const uidLine = /\nUid:\s+(\d+)/.exec(status);
    if (!uidLine || Number(uidLine[1]) !== uid) continue;
    const threads = /\nThreads:\s+(\d+)/.exec(status);
    count += threads ? Number(threads[1]) : 1;
  }
  return count;
}
