// One descriptor in one message: the struct msghdr, iovec and SCM_RIGHTS
// control message that sendmsg/recvmsg need to pass a descriptor over a Unix
// socket. Pure layout (LP64: x86_64 and arm64 share it, and SOL_SOCKET and
// SCM_RIGHTS); the caller gives the function that turns a Buffer into its
// address, and keeps the returned object alive for as long as the kernel may
// read the memory.
import { constant } from "@hsandbox/bpf";
//
//   struct msghdr  { void *name; u32 namelen; (pad) struct iovec *iov; size_t iovlen;
//                    void *control; size_t controllen; int flags; (pad) }      56 bytes
//   struct iovec   { void *base; size_t len; }                                  16 bytes
//   struct cmsghdr { size_t len; int level; int type; } + data                  16 bytes
//   CMSG_LEN(sizeof(int)) = 20, CMSG_SPACE(sizeof(int)) = 24

export const MSGHDR_SIZE = 56;
const IOVEC_SIZE = 16;
const CMSG_HEADER = 16;
const CMSG_LEN_ONE_FD = CMSG_HEADER + 4;
const CMSG_SPACE_ONE_FD = 24;

export interface FdMessage {
  /** The struct msghdr to pass to sendmsg/recvmsg. */
  readonly msg: Buffer;
  /** Puts the descriptor to send in the control message (a memory write, no system call). */
  setFd(fd: number): void;
  /** After recvmsg: the descriptor received, if the control message carries one. */
  receivedFd(): number | undefined;
  /** The buffers msg points into: referenced here so they outlive every use of msg. */
  readonly parts: readonly Buffer[];
}

const SOL_SOCKET = Number(constant("SOL_SOCKET"));
const SCM_RIGHTS = Number(constant("SCM_RIGHTS"));

export function fdMessage(address: (b: Buffer) => bigint): FdMessage {
  const payload = Buffer.from([1]); // SEQPACKET needs one byte of data for the control message to ride on
  const iov = Buffer.alloc(IOVEC_SIZE);
  iov.writeBigUInt64LE(address(payload), 0);
  iov.writeBigUInt64LE(BigInt(payload.length), 8);
  const control = Buffer.alloc(CMSG_SPACE_ONE_FD);
  const msg = Buffer.alloc(MSGHDR_SIZE);
  msg.writeBigUInt64LE(address(iov), 16);
  msg.writeBigUInt64LE(1n, 24);
  msg.writeBigUInt64LE(address(control), 32);
  msg.writeBigUInt64LE(BigInt(CMSG_SPACE_ONE_FD), 40);
  return {
    msg,
    setFd(fd) {
      control.writeBigUInt64LE(BigInt(CMSG_LEN_ONE_FD), 0);
      control.writeInt32LE(SOL_SOCKET, 8);
      control.writeInt32LE(SCM_RIGHTS, 12);
      control.writeInt32LE(fd, CMSG_HEADER);
    },
    receivedFd() {
      // recvmsg shrinks controllen to what it wrote; one SCM_RIGHTS with one descriptor is all we accept.
      if (msg.readBigUInt64LE(40) < BigInt(CMSG_LEN_ONE_FD)) return undefined;
      if (control.readBigUInt64LE(0) !== BigInt(CMSG_LEN_ONE_FD)) return undefined;
      if (control.readInt32LE(8) !== SOL_SOCKET || control.readInt32LE(12) !== SCM_RIGHTS) return undefined;
      return control.readInt32LE(CMSG_HEADER);
    },
    parts: [payload, iov, control],
  };
}
