import { describe, expect, it } from "vitest";
import { fdMessage, MSGHDR_SIZE } from "./fd-message.js";
import { printable, reporterRequest, threadStatus } from "./reporter.js";

describe("the listener's message (struct msghdr + SCM_RIGHTS)", () => {
  // Fake addresses: each buffer gets a distinct, recognisable one.
  const addresses = new Map<Buffer, bigint>();
  const address = (b: Buffer) => {
    if (!addresses.has(b)) addresses.set(b, 0x7000_0000_0000n + BigInt(addresses.size) * 0x1000n);
    return addresses.get(b) as bigint;
  };

  it("points msg_iov at one byte and msg_control at a 24-byte control buffer", () => {
    const m = fdMessage(address);
    expect(m.msg.length).toBe(MSGHDR_SIZE);
    const [payload, iov, control] = m.parts as [Buffer, Buffer, Buffer];
    expect(m.msg.readBigUInt64LE(0)).toBe(0n); // no name
    expect(m.msg.readBigUInt64LE(16)).toBe(address(iov));
    expect(m.msg.readBigUInt64LE(24)).toBe(1n);
    expect(m.msg.readBigUInt64LE(32)).toBe(address(control));
    expect(m.msg.readBigUInt64LE(40)).toBe(24n);
    expect(iov.readBigUInt64LE(0)).toBe(address(payload));
    expect(iov.readBigUInt64LE(8)).toBe(1n);
  });

  it("writes cmsg_len 20, SOL_SOCKET, SCM_RIGHTS and the descriptor; reads back only that shape", () => {
    const m = fdMessage(address);
    const control = m.parts[2] as Buffer;
    expect(m.receivedFd()).toBeUndefined(); // nothing received yet
    m.setFd(7);
    expect(control.readBigUInt64LE(0)).toBe(20n);
    expect(control.readInt32LE(8)).toBe(1);
    expect(control.readInt32LE(12)).toBe(1);
    expect(m.receivedFd()).toBe(7);
    m.msg.writeBigUInt64LE(0n, 40); // the kernel says no control data came
    expect(m.receivedFd()).toBeUndefined();
    m.msg.writeBigUInt64LE(24n, 40);
    control.writeInt32LE(2, 12); // SCM_CREDENTIALS, not a descriptor
    expect(m.receivedFd()).toBeUndefined();
  });
});

describe("reporterRequest", () => {
  it("reads and removes the variable", () => {
    const env: NodeJS.ProcessEnv = { H_INTERNAL_REPORTER: "1234:kill", OTHER: "x" };
    expect(reporterRequest(env)).toEqual({ launcherPid: 1234, onViolation: "kill" });
    expect(env).toEqual({ OTHER: "x" });
    expect(reporterRequest({ H_INTERNAL_REPORTER: "9:errno" })).toEqual({ launcherPid: 9, onViolation: "errno" });
  });
  it("is absent without it, and malformed for anything else", () => {
    expect(reporterRequest({})).toBeUndefined();
    for (const v of ["", "0:kill", "12", "12:", "12:warn", "x:kill", "12:kill "])
      expect(reporterRequest({ H_INTERNAL_REPORTER: v })).toBe("malformed");
  });
});

describe("printable", () => {
  it("escapes terminal controls a script could hide in a path", () => {
    expect(printable("/tmp/\u001b[2Jx\u009b1m\u007f")).toBe("/tmp/\\u001b[2Jx\\u009b1m\\u007f");
    expect(printable("/tmp/ok é")).toBe("/tmp/ok é");
  });
});

describe("threadStatus", () => {
  const status = (blk: string, ign: string, cgt: string) =>
    `Name:\tpython3\nTgid:\t4242\nPid:\t4250\nSigQ:\t0/1\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t${blk}\nSigIgn:\t${ign}\nSigCgt:\t${cgt}\n`;
  const SIGSYS = 31;
  it("finds the process of a thread, and whether SIGSYS would end it", () => {
    expect(threadStatus(status("0000000000000000", "0000000001001000", "0000000180004002"), 4250, SIGSYS)).toEqual({
      tgid: 4242,
      sigsysKills: true,
    });
  });
  it("says no when SIGSYS is blocked, ignored or caught", () => {
    const bit = "0000000040000000";
    const none = "0000000000000000";
    expect(threadStatus(status(bit, none, none), 4250, SIGSYS).sigsysKills).toBe(false);
    expect(threadStatus(status(none, bit, none), 4250, SIGSYS).sigsysKills).toBe(false);
    expect(threadStatus(status(none, none, bit), 4250, SIGSYS).sigsysKills).toBe(false);
    expect(threadStatus(status("fffffffe7ffbfeff", none, none), 4250, SIGSYS).sigsysKills).toBe(false); // posix_spawn's mask
    expect(threadStatus("Tgid:\t1\n", 1, SIGSYS).sigsysKills).toBe(false); // unreadable masks: do not rely on SIGSYS
  });
});
