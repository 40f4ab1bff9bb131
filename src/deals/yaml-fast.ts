/**
 * A fast reader for the plain YAML that deal files are written in, tried before js-yaml.
 *
 * js-yaml spends ~40 µs on a 1.5 KB deal file, most of it in general machinery (a state
 * object, per-character dispatch for every construct YAML has); at 100k files that is 4 s of a
 * first start. Deal files use a small part of YAML: block mappings with simple keys, block
 * sequences (of scalars or of mappings), one-line flow sequences of scalars, one-line plain,
 * single- and double-quoted scalars, and comments. This reads exactly that and returns
 * `undefined` for anything else — a multi-line scalar, an anchor, a tab, a duplicate key, any
 * error — so js-yaml reads the file instead and reports problems as it always has.
 *
 * Plain scalars are typed by js-yaml's own CORE_SCHEMA resolvers, in its order, so `2025-06-13`
 * stays a string and `12`, `~` or `true` become what js-yaml makes of them. The equivalence is
 * tested against js-yaml on every seed, generated catalogues and mutated files
 * (test/unit/deals/yaml-fast.test.ts).
 */
import { CORE_SCHEMA } from 'js-yaml';

interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/** js-yaml's implicit (plain scalar) types for the core schema: null, bool, int, float. */
const IMPLICIT = (CORE_SCHEMA as unknown as { compiledImplicit: ImplicitType[] }).compiledImplicit;

/** Thrown to give up on a file; never leaves this module. */
const BAIL = new Error('not in the fast subset');

/** Simple keys that js-yaml would not read as text, or that need care on a plain object. */
const RESERVED_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '__proto__']);

/**
 * Keys seen before, one per slot of their hash. The same few dozen keys occur in every file;
 * handing back the same string each time spares V8 hashing and internalising a fresh slice of
 * the text for every property (half the time this reader took). The hash is worked out by
 * keyEnd as it scans the key, so finding a known key costs one comparison of its characters.
 */
const KNOWN_SLOTS = 1024;
const knownKeys: (string | undefined)[] = new Array<string | undefined>(KNOWN_SLOTS).fill(undefined);
const knownHashes = new Int32Array(KNOWN_SLOTS);

/** The hash of the key keyEnd found last (see internKey). */
let keyHash = 0;

/**
 * The key at text[from, to), whose hash keyEnd just worked out, as the same string every time;
 * bails out on a reserved key.
 */
function internKey(text: string, from: number, to: number, hash: number): string {
  const slot = hash & (KNOWN_SLOTS - 1);
  const known = knownKeys[slot];
  if (known !== undefined && knownHashes[slot] === hash && known.length === to - from) {
    let k = 0;
    while (k < known.length && known.charCodeAt(k) === text.charCodeAt(from + k)) k++;
    if (k === known.length) return known;
  }
  const key = text.slice(from, to);
  // Reserved keys never enter the table, so a key found there needs no check.
  if (RESERVED_KEYS.has(key)) throw BAIL;
  // First come, first kept: files with many odd keys must not make every lookup slow.
  if (known === undefined) {
    knownKeys[slot] = key;
    knownHashes[slot] = hash;
  }
  return key;
}

/**
 * Where the colon of a simple key starting at `at` is (`[A-Za-z_][A-Za-z0-9_]*` then `:` and a
 * space or the end of the line), or -1; sets `keyHash`. Deal files use only such keys; others
 * bail out.
 */
function keyEnd(text: string, at: number, end: number): number {
  let k = at;
  let hash = 0;
  for (; k < end; k++) {
    const c = text.charCodeAt(k);
    const lower = c | 0x20;
    // A letter (either case), a digit after the first character, or `_`.
    if (!((lower >= 0x61 && lower <= 0x7a) || (k > at && c >= 0x30 && c <= 0x39) || c === 0x5f)) break;
    hash = (Math.imul(hash, 31) + c) | 0;
  }
  keyHash = hash;
  if (k === at || k >= end || text.charCodeAt(k) !== 0x3a) return -1;
  return k + 1 === end || text.charCodeAt(k + 1) === 0x20 ? k : -1;
}

/**
 * Content lines of the text being read (blank and comment-only lines skipped): indent, start and
 * end offset of line i at 3i, 3i + 1, 3i + 2. One table for every read, grown as needed (reads
 * never nest), instead of three arrays built for each file.
 */
let lineTable = new Int32Array(3 * 256);

class Reader {
  private readonly table: Int32Array;
  /** Content lines in the table. */
  private readonly lines: number;
  private line = 0;
  /** Reading bytes: whether the scalar being read holds non-ASCII bytes (see str). */
  private decode = false;

  /**
   * `text` is the text itself, or, with `bytes`, their latin1 view: one character per byte, so
   * offsets are byte offsets (see readSimpleYaml).
   */
  constructor(
    private readonly text: string,
    private readonly bytes?: Buffer,
  ) {
    const n = text.length;
    let lines = 0;
    let start = 0;
    while (start < n) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = n;
      let at = start;
      while (at < end && text.charCodeAt(at) === 0x20) at++;
      // Trailing spaces do not count; a comment-only or blank line is skipped.
      let last = end;
      while (last > at && text.charCodeAt(last - 1) === 0x20) last--;
      if (last > at && text.charCodeAt(at) === 0x23 /* # */) {
        this.checkComment(at, last);
      } else if (last > at) {
        if (at === start && (text.startsWith('---', at) || text.startsWith('...', at))) throw BAIL;
        if (3 * (lines + 1) > lineTable.length) {
          const bigger = new Int32Array(lineTable.length * 2);
          bigger.set(lineTable);
          lineTable = bigger;
        }
        lineTable[3 * lines] = at - start;
        lineTable[3 * lines + 1] = at;
        lineTable[3 * lines + 2] = last;
        lines++;
      }
      start = end + 1;
    }
    this.lines = lines;
    this.table = lineTable;
  }

  /**
   * Part of the scalar being read, text[from, to): a slice, or, when the scalar holds non-ASCII
   * bytes, their UTF-8 decoding (a scalar's parts end at ASCII characters, never inside a
   * character's bytes).
   */
  private str(from: number, to: number): string {
    return this.decode ? this.bytes!.toString('utf8', from, to) : this.text.slice(from, to);
  }

  /**
   * Past the character at `at` that is not printable ASCII, inside a scalar: reading bytes, the
   * run of non-ASCII bytes there must be UTF-8 the text reader would take (see utf8RunEnd), and
   * the scalar is decoded; reading text, AWKWARD has checked it.
   */
  private pastNonAscii(at: number): number {
    if (!this.bytes) return at + 1;
    const end = utf8RunEnd(this.text, at);
    if (end === -1) throw BAIL;
    this.decode = true;
    return end;
  }

  /** A comment, text[at, end) (from its `#`): reading bytes, anything not printable ASCII must be UTF-8 the text reader would take. */
  private checkComment(at: number, end: number): void {
    if (!this.bytes) return;
    // The search stops at the line's end at the latest: a file of comments stays linear.
    const t = this.text;
    LINE_NOT_PLAIN.lastIndex = at;
    while (LINE_NOT_PLAIN.test(t)) {
      const k = LINE_NOT_PLAIN.lastIndex - 1;
      if (k >= end) return;
      const runEnd = utf8RunEnd(t, k);
      if (runEnd === -1) throw BAIL;
      LINE_NOT_PLAIN.lastIndex = runEnd;
    }
  }

  document(): Record<string, unknown> {
    if (this.lines === 0 || this.table[0] !== 0) throw BAIL;
    const doc = this.mapping(0, undefined);
    if (this.line !== this.lines) throw BAIL;
    return doc;
  }

  /**
   * A block mapping whose keys sit at column `indent`. With `first`, its first entry starts
   * mid-line (after a sequence item's `- `), at that offset of the current line.
   */
  private mapping(indent: number, first: number | undefined): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let from = first;
    while (this.line < this.lines) {
      if (from === undefined) {
        const lineIndent = this.table[3 * this.line]!;
        if (lineIndent < indent) break;
        if (lineIndent > indent) throw BAIL;
        from = this.table[3 * this.line + 1]!;
      }
      const end = this.table[3 * this.line + 2]!;
      const colon = keyEnd(this.text, from, end);
      if (colon === -1) throw BAIL;
      const key = internKey(this.text, from, colon, keyHash);
      // `in`, not an own-property check: a key such as `constructor` simply bails out.
      if (key in map) throw BAIL;
      let at = colon + 1;
      if (at < end && this.text.charCodeAt(at) !== 0x20) throw BAIL;
      while (at < end && this.text.charCodeAt(at) === 0x20) at++;
      from = undefined;
      if (at === end || this.text.charCodeAt(at) === 0x23 /* # */) {
        // Nothing after the colon: a nested block, or null.
        if (at < end) this.checkComment(at, end);
        this.line++;
        map[key] = this.nested(indent);
      } else {
        map[key] = this.inlineValue(at, end, indent);
      }
    }
    return map;
  }

  /** What follows a key with nothing after its colon: a deeper mapping or sequence, or null. */
  private nested(parentIndent: number): unknown {
    if (this.line >= this.lines) return null;
    const indent = this.table[3 * this.line]!;
    const dash = this.isDash(this.table[3 * this.line + 1]!, this.table[3 * this.line + 2]!);
    // `key:` followed by `- item` at the key's own column is valid YAML, but not deal files' style.
    if (indent === parentIndent && dash) throw BAIL;
    if (indent <= parentIndent) return null;
    return dash ? this.sequence(indent) : this.mapping(indent, undefined);
  }

  private isDash(start: number, end: number): boolean {
    return this.text.charCodeAt(start) === 0x2d /* - */ && (start + 1 === end || this.text.charCodeAt(start + 1) === 0x20);
  }

  /** A block sequence whose dashes sit at column `indent`. */
  private sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    while (this.line < this.lines) {
      const lineIndent = this.table[3 * this.line]!;
      if (lineIndent < indent) break;
      const start = this.table[3 * this.line + 1]!;
      const end = this.table[3 * this.line + 2]!;
      if (lineIndent > indent || !this.isDash(start, end)) throw BAIL;
      let at = start + 1;
      while (at < end && this.text.charCodeAt(at) === 0x20) at++;
      if (at === end || this.text.charCodeAt(at) === 0x23) throw BAIL;
      if (keyEnd(this.text, at, end) !== -1) {
        // `- key: value`: a mapping whose keys line up under this first one.
        list.push(this.mapping(lineIndent + (at - start), at));
      } else {
        list.push(this.inlineValue(at, end, indent));
      }
    }
    return list;
  }

  /**
   * A value that starts on this line at `at` and must end on it: a flow sequence, a quoted or a
   * plain scalar. A following line indented deeper than `indent` would continue it: bail out.
   */
  private inlineValue(at: number, end: number, indent: number): unknown {
    const c = this.text.charCodeAt(at);
    let value: unknown;
    let after: number;
    if (c === 0x5b /* [ */) [value, after] = this.flowSequence(at + 1, end);
    else if (c === 0x22 /* " */) [value, after] = this.doubleQuoted(at, end);
    else if (c === 0x27 /* ' */) [value, after] = this.singleQuoted(at, end);
    else {
      const stop = this.plainEnd(at, end, false);
      value = plain(this.str(at, trimSpaces(this.text, at, stop)));
      after = stop;
    }
    this.restOfLine(after, end);
    this.line++;
    if (this.line < this.lines && this.table[3 * this.line]! > indent) throw BAIL;
    return value;
  }

  /** After a value: only spaces and a comment. */
  private restOfLine(at: number, end: number): void {
    while (at < end && this.text.charCodeAt(at) === 0x20) at++;
    if (at < end && (this.text.charCodeAt(at) !== 0x23 || this.text.charCodeAt(at - 1) !== 0x20)) throw BAIL;
    if (at < end) this.checkComment(at, end);
  }

  /**
   * Where a plain scalar starting at `at` ends: at a comment, or (in a flow sequence) at `,` or
   * `]`. Starts and contents YAML reads otherwise (indicators, `: `) bail out.
   */
  private plainEnd(at: number, end: number, inFlow: boolean): number {
    const t = this.text;
    const c = t.charCodeAt(at);
    // Indicators that cannot start a plain scalar (or start something else: anchors, tags, blocks).
    if (c < 128 && NOT_PLAIN_START[c] === 1) throw BAIL;
    if (c === 0x2d /* - */ || c === 0x3f /* ? */ || c === 0x3a /* : */) {
      const next = t.charCodeAt(at + 1);
      if (at + 1 >= end || next === 0x20 || (inFlow && (next === 0x2c || next === 0x5d))) throw BAIL;
    }
    // Only a few characters can end the scalar or make it something else: a regular expression
    // jumps from one to the next, and stops at the end of the line. It stops at characters that
    // are not printable ASCII too (see pastNonAscii).
    const special = inFlow ? FLOW_SPECIAL : BLOCK_SPECIAL;
    this.decode = false;
    special.lastIndex = at;
    while (special.test(t)) {
      const k = special.lastIndex - 1;
      if (k >= end) break;
      const ch = t.charCodeAt(k);
      if (ch < 0x20 || ch >= 0x7f) {
        special.lastIndex = this.pastNonAscii(k);
      } else if (ch === 0x3a /* : */) {
        const next = k + 1 < end ? t.charCodeAt(k + 1) : 0x20;
        if (next === 0x20 || (inFlow && (next === 0x2c || next === 0x5d || next === 0x5b || next === 0x7b || next === 0x7d))) throw BAIL;
      } else if (ch === 0x23 /* # */) {
        if (t.charCodeAt(k - 1) === 0x20) return k;
      } else if (ch === 0x2c /* , */ || ch === 0x5d /* ] */) {
        return k;
      } else {
        // [ { } inside a flow sequence.
        throw BAIL;
      }
    }
    return end;
  }

  /** `[a, "b", 'c']` on one line, scalars only; returns the list and the offset after `]`. */
  private flowSequence(at: number, end: number): [unknown[], number] {
    const t = this.text;
    const list: unknown[] = [];
    for (;;) {
      while (at < end && t.charCodeAt(at) === 0x20) at++;
      if (at >= end) throw BAIL;
      const c = t.charCodeAt(at);
      if (c === 0x5d /* ] */ && list.length === 0) return [list, at + 1];
      let value: unknown;
      if (c === 0x22) [value, at] = this.doubleQuoted(at, end);
      else if (c === 0x27) [value, at] = this.singleQuoted(at, end);
      else {
        const stop = this.plainEnd(at, end, true);
        if (stop >= end || t.charCodeAt(stop) === 0x23) throw BAIL;
        value = plain(this.str(at, trimSpaces(t, at, stop)));
        at = stop;
      }
      list.push(value);
      while (at < end && t.charCodeAt(at) === 0x20) at++;
      const sep = t.charCodeAt(at);
      if (at >= end || (sep !== 0x2c && sep !== 0x5d)) throw BAIL;
      at++;
      if (sep === 0x5d) return [list, at];
    }
  }

  /** A double-quoted scalar on one line; escapes JSON also has are decoded by JSON.parse. */
  private doubleQuoted(at: number, end: number): [string, number] {
    const t = this.text;
    let k = at + 1;
    let escapes = false;
    this.decode = false;
    for (; k < end; k++) {
      const ch = t.charCodeAt(k);
      if (ch === 0x22) break;
      if (ch === 0x5c /* \ */) {
        // Only the escapes YAML and JSON read alike: \" \\ \/ \b \f \n \r \t \uXXXX.
        if (!'"\\/bfnrtu'.includes(t[k + 1] ?? '')) throw BAIL;
        escapes = true;
        k++;
      } else if (ch < 0x20 || ch >= 0x7f) {
        k = this.pastNonAscii(k) - 1;
      }
    }
    if (k >= end) throw BAIL;
    const body = this.str(at + 1, k);
    let value = body;
    if (escapes) {
      try {
        value = JSON.parse(`"${body}"`) as string;
      } catch {
        throw BAIL;
      }
    }
    return [value, k + 1];
  }

  /** A single-quoted scalar on one line (`''` is a quote). */
  private singleQuoted(at: number, end: number): [string, number] {
    const t = this.text;
    let k = at + 1;
    let value = '';
    let from = k;
    this.decode = false;
    for (; k < end; k++) {
      const ch = t.charCodeAt(k);
      if (ch !== 0x27) {
        if (ch < 0x20 || ch >= 0x7f) k = this.pastNonAscii(k) - 1;
        continue;
      }
      if (t.charCodeAt(k + 1) === 0x27 && k + 1 < end) {
        value += this.str(from, k + 1);
        k++;
        from = k + 1;
        continue;
      }
      return [value + this.str(from, k), k + 1];
    }
    throw BAIL;
  }
}

/** Characters that cannot start a plain scalar here (YAML indicators), by code. */
const NOT_PLAIN_START = new Uint8Array(128);
for (const ch of '[]{},#&*!|>\'"%@`') NOT_PLAIN_START[ch.charCodeAt(0)] = 1;
/**
 * What can end or break a plain scalar: in a block, `: ` and ` #`; in a flow sequence also `,`
 * `]` `[` `{` `}`. And a line end, where the search stops: without it, a scalar on a line with
 * none of these searched on to the next one anywhere in the text, which made a long file of
 * colon-free lines quadratic (1.4 MB: 12.7 s instead of 8 ms). And anything else that is not
 * printable ASCII (see pastNonAscii).
 */
const BLOCK_SPECIAL = /[:#\x00-\x1f\x7f-\uffff]/g;
const FLOW_SPECIAL = /[:#,[\]{}\x00-\x1f\x7f-\uffff]/g;
/** A character that is not printable ASCII, a line end included (see checkComment). */
const LINE_NOT_PLAIN = /[^\x20-\x7e]/g;
/**
 * First characters of plain scalars js-yaml may read as null, a boolean or a number: 1 at any
 * length; 2 for a letter, which only the words null, true and false (in three casings) can
 * start, so only a scalar of five characters or fewer ("The deal was…" is text).
 */
const MAYBE_NOT_TEXT = new Uint8Array(128);
for (const ch of '~+-.0123456789') MAYBE_NOT_TEXT[ch.charCodeAt(0)] = 1;
for (const ch of 'nNtTfF') MAYBE_NOT_TEXT[ch.charCodeAt(0)] = 2;

/** Where text before `end` stops once trailing spaces (only spaces: YAML's white space) are cut. */
function trimSpaces(text: string, start: number, end: number): number {
  while (end > start && text.charCodeAt(end - 1) === 0x20) end--;
  return end;
}

/** A plain scalar typed as js-yaml's core schema types it. */
function plain(text: string): unknown {
  // Only null (~, null), booleans and numbers can resolve to something other than a string,
  // and they all start with one of these characters (or are empty).
  const c = text.charCodeAt(0);
  const maybe = c < 128 ? MAYBE_NOT_TEXT[c]! : 0;
  if (text.length === 0 || maybe === 1 || (maybe === 2 && text.length <= 5)) {
    for (const type of IMPLICIT) {
      if (type.resolve(text)) return type.construct(text);
    }
  }
  return text;
}

/**
 * A character this reader does not handle the way js-yaml does: tabs, carriage returns, other
 * control characters, C1 controls and NEL, surrogates (astral characters), a byte order mark,
 * specials and non-characters. A regular expression scans a file faster than a loop.
 */
const AWKWARD = /[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\uffef]/;

/**
 * Where the run of non-ASCII bytes starting at `at` (in a latin1 view) ends, or -1 when it
 * holds anything but whole UTF-8 sequences of characters AWKWARD lets through: a control
 * character, a byte that is not UTF-8 (which decoding would turn into U+FFFD), an overlong form,
 * a surrogate, a 4-byte (astral) character, U+FEFF or a non-character.
 */
function utf8RunEnd(text: string, at: number): number {
  const n = text.length;
  let k = at;
  while (k < n) {
    const lead = text.charCodeAt(k);
    // The run ends at an ASCII character, which must be printable or a line end: the scans that
    // call this go on from there, and a control character (which no scan moves past) would
    // stop them forever. A line end is safe: they stop at the line's end before reaching it.
    if (lead < 0x80) return lead === 0x0a || (lead >= 0x20 && lead < 0x7f) ? k : -1;
    let length = 3;
    let code = lead & 0x0f;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      code = lead & 0x1f;
    } else if (lead < 0xe0 || lead > 0xef) {
      return -1;
    }
    if (k + length > n) return -1;
    for (let i = 1; i < length; i++) {
      const next = text.charCodeAt(k + i);
      if ((next & 0xc0) !== 0x80) return -1;
      code = (code << 6) | (next & 0x3f);
    }
    // Two-byte forms start at U+0080 (C0 and C1 leads are refused above); three-byte ones at U+0800.
    if (length === 3 && code < 0x800) return -1;
    if (!((code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfefe) || (code >= 0xff00 && code <= 0xffef))) return -1;
    k += length;
  }
  return k;
}

/**
 * The document as js-yaml (CORE_SCHEMA) would load it, when the text is within the subset this
 * reader handles; otherwise undefined, and the caller uses js-yaml.
 *
 * Given the file's bytes (UTF-8), it reads their latin1 view, one character per byte, and
 * decodes only the scalars that hold non-ASCII bytes. Everything YAML's structure is made of is
 * ASCII, which UTF-8 never uses inside a multi-byte character, so the reading is the same as of
 * the decoded text; but the file's text and nearly every value are one-byte strings (deal files
 * have a `×` or a `—` in their titles, and decoded, all their strings were two-byte). Nor is the
 * whole file searched for what AWKWARD finds in text: the scans that find where scalars end, and
 * a check of comments, stop at anything that is not printable ASCII, which must then be UTF-8 of
 * characters AWKWARD lets through. See docs/decisions.md for the figures.
 */
export function readSimpleYaml(input: string | Buffer): Record<string, unknown> | undefined {
  if (typeof input === 'string' && AWKWARD.test(input)) return undefined;
  try {
    return (typeof input === 'string' ? new Reader(input) : new Reader(input.toString('latin1'), input)).document();
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  }
}
