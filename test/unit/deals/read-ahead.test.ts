/**
 * Reading ranges of a file ahead in windows must give exactly the bytes each range holds,
 * whatever the order, across window edges, past the end of the file, and once the file's
 * descriptor is read elsewhere in between.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReadAhead } from '../../../src/deals/read-ahead';

let dir: string;
let file: string;
let bytes: Buffer;
let fd: number;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'read-ahead-'));
  file = path.join(dir, 'data');
  // 3.5 MB of bytes that differ from position to position, so a range read from the wrong
  // place cannot look right.
  bytes = Buffer.alloc(3.5 * (1 << 20));
  for (let k = 0; k < bytes.length; k++) bytes[k] = (k * 7 + (k >> 8) * 13) & 0xff;
  writeFileSync(file, bytes);
  fd = openSync(file, 'r');
});

afterAll(() => {
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

/** Ranges like records: lengths of a few hundred bytes to a few kilobytes, with small gaps. */
function ranges(seed: number, gapEvery: number): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  let x = seed;
  while (at < bytes.length) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const length = 200 + (x % 3000);
    out.push([at, length]);
    at += length + (out.length % gapEvery === 0 ? x % 500 : 0);
  }
  return out;
}

describe('reading ahead', () => {
  it('gives each range its bytes when ranges come in file order, across window edges and past the end', () => {
    const reader = new ReadAhead(() => fd);
    for (const [at, length] of ranges(1, 7)) {
      const expected = bytes.subarray(at, Math.min(at + length, bytes.length));
      expect(reader.read(at, length).equals(expected)).toBe(true);
    }
  });

  it('gives the same in any order, and a range larger than a window', () => {
    const reader = new ReadAhead(() => fd);
    const shuffled = ranges(2, 3).sort((a, b) => ((a[0] * 2654435761) >>> 0) - ((b[0] * 2654435761) >>> 0));
    // In order for a while (a window is read), then at random, then in order again.
    const mixed = [...ranges(3, 5).slice(0, 50), ...shuffled.slice(0, 300), [100, 1.5 * (1 << 20)] as [number, number], ...ranges(4, 9).slice(100, 200)];
    for (const [at, length] of mixed) expect(reader.read(at, length).equals(bytes.subarray(at, at + length))).toBe(true);
  });

  it('hands out buffers of their own: a later read does not change an earlier one', () => {
    const reader = new ReadAhead(() => fd);
    const first = ranges(5, 4).slice(0, 20).map(([at, length]) => reader.read(at, length));
    const again = readFileSync(file);
    ranges(5, 4).slice(20, 2000).forEach(([at, length]) => reader.read(at, length));
    ranges(5, 4)
      .slice(0, 20)
      .forEach(([at, length], k) => expect(first[k]!.equals(again.subarray(at, at + length))).toBe(true));
  });
});
