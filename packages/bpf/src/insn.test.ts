import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BpfEncodingError, decode, encode, type Insn, jump, stmt, toCArray } from "./insn.js";

const insnArb: fc.Arbitrary<Insn> = fc.record({
  code: fc.integer({ min: 0, max: 0xffff }),
  jt: fc.integer({ min: 0, max: 0xff }),
  jf: fc.integer({ min: 0, max: 0xff }),
  k: fc.integer({ min: 0, max: 0xffffffff }),
});

describe("struct sock_filter encoding", () => {
  it("lays out u16 code, u8 jt, u8 jf, u32 k little-endian", () => {
    const bytes = encode([jump(0x15, 0xc000003e, 1, 2), stmt(0x06, 0x7fff0000)]);
    expect([...bytes]).toEqual([0x15, 0, 1, 2, 0x3e, 0, 0, 0xc0, 0x06, 0, 0, 0, 0, 0, 0xff, 0x7f]);
  });

  it("decode(encode(p)) deep-equals p (property, 2000 runs)", () => {
    fc.assert(
      fc.property(fc.array(insnArb, { maxLength: 64 }), (p) => {
        expect(decode(encode(p))).toEqual(p);
      }),
      { numRuns: 2000 },
    );
  });

  it("decodes from a view into a larger buffer", () => {
    const inner = encode([stmt(0x20, 4)]);
    const big = new Uint8Array(16);
    big.set(inner, 8);
    expect(decode(big.subarray(8))).toEqual([{ code: 0x20, jt: 0, jf: 0, k: 4 }]);
  });

  it("rejects fields that do not fit and truncated input", () => {
    expect(() => encode([{ code: 0x10000, jt: 0, jf: 0, k: 0 }])).toThrow(BpfEncodingError);
    expect(() => encode([{ code: 6, jt: 256, jf: 0, k: 0 }])).toThrow(/jt/);
    expect(() => encode([{ code: 6, jt: 0, jf: 0, k: -1 }])).toThrow(/k/);
    expect(() => encode([{ code: 6, jt: 0, jf: 0, k: 1.5 }])).toThrow(BpfEncodingError);
    expect(() => decode(new Uint8Array(7))).toThrow(/multiple of 8/);
  });

  it("renders bpf_asm -c style C initialisers", () => {
    expect(toCArray([stmt(0x20, 4), jump(0x15, 0xc000003e, 0, 11)])).toBe(
      "{ 0x20,  0,  0, 0x00000004 },\n{ 0x15,  0, 11, 0xc000003e },",
    );
  });
});
