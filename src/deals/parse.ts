/**
 * Reading one deal file: YAML, then the schema, then what the catalogue stores: the file's text
 * as its record (records.ts), and the index's part of the deal as JSON (the search index and
 * the cache manifest). Kept apart from catalog.ts so a load worker (load-pool.ts) needs only
 * this, the schema and the parsers.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { FileStamp } from './cache';
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import type { z } from 'zod';
import type { Deal } from './schema';
import { indexedDealOf, type IndexedDeal } from './search';
import { readValidDeal } from './validate-fast';
import { readSimpleYaml } from './yaml-fast';

/**
 * The zod schema, loaded on first use: valid deals never need it (validate-fast.ts), and a load
 * worker that does not load zod starts ~50 ms sooner.
 */
let schemaModule: typeof import('./schema') | undefined;
function schema(): typeof import('./schema') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  schemaModule ??= require('./schema') as typeof import('./schema');
  return schemaModule;
}

/** One problem in one seeds file. */
export interface SeedProblem {
  file: string;
  /** Dotted field path, or '' for the whole file. */
  field: string;
  message: string;
}

/**
 * What the index keeps of a deal, as fresh strings: a parser's strings can be slices of the
 * file's text, and keeping one slice keeps the whole text alive (1.5 KB per deal).
 */
export function indexedCopy(deal: Deal): { indexed: IndexedDeal; json: string } {
  const json = indexedJsonOf(deal);
  return { indexed: JSON.parse(json) as IndexedDeal, json };
}

function indexedJsonOf(deal: Deal): string {
  return JSON.stringify(indexedDealOf(deal));
}

/**
 * The problems of one zod issue. When a union fails on every branch, zod reports one generic
 * issue at the union's path; if exactly one branch got past the input's shape (its issues sit
 * below the union's path), that branch is what the curator meant, so its issues are reported
 * instead: `value.upfront.amount: expected an amount such as …`, not
 * `value.upfront: expected 'undisclosed' or { amount, qualifier }`.
 */
function issueProblems(file: string, issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): SeedProblem[] {
  const at = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const shaped = issue.errors.filter((branch) => branch.some((i) => i.path.length > 0));
    if (shaped.length === 1) return shaped[0]!.flatMap((i) => issueProblems(file, i, at));
  }
  return [{ file, field: at.map(String).join('.'), message: issue.message }];
}

/**
 * Parses and validates one file's text, or its bytes (UTF-8), which are read faster (see
 * yaml-fast.ts). Never throws: returns the deal or its problems.
 */
export function parseDealFile(
  file: string,
  content: string | Buffer,
): { deal: Deal; problems: [] } | { deal?: undefined; problems: SeedProblem[] } {
  // The plain YAML deal files are written in is read by yaml-fast.ts (~5× faster); anything
  // else, errors included, by js-yaml.
  let doc: unknown = readSimpleYaml(content);
  if (doc === undefined) {
    const text = typeof content === 'string' ? content : content.toString('utf8');
    try {
      // YAML 1.2 core schema: `2025-03-21` stays a string (the schema parses dates itself), and
      // js-yaml reads a seeds file ~8× faster than `yaml`'s document API, with the line of the
      // first error.
      doc = loadYaml(text, { schema: CORE_SCHEMA, filename: file });
    } catch (err) {
      if (!(err instanceof YAMLException)) throw err;
      return { problems: [{ file, field: '', message: `not valid YAML (line ${err.mark.line + 1}): ${err.reason}` }] };
    }
  }
  // Nearly every file is a valid deal, which validate-fast.ts reads ~3× faster than zod, to
  // the same value; zod checks the rest and says what is wrong.
  const fast = readValidDeal(doc);
  if (fast) return { deal: fast, problems: [] };
  const result = schema().dealSchema.safeParse(doc);
  if (!result.success) {
    return {
      problems: result.error.issues.flatMap((issue) => issueProblems(file, issue)),
    };
  }
  // The deal's strings may be slices of the file's text: a Catalog stores deals as JSON and
  // copies what its index keeps, so nothing holds on to the file's text.
  return { deal: result.data, problems: [] };
}

/**
 * A file read and checked: what the catalogue stores of its deal (the file's UTF-8 text as its
 * record, the index's part as JSON), or its problems.
 */
export type FileReading = ({ indexedJson: string; record: Buffer; problems?: undefined } | { problems: SeedProblem[] }) & {
  /** The file's stamp, taken before it was read, when asked for. */
  stamp?: FileStamp;
};

export interface ReadFileOptions {
  /** A file over this is not read: undefined (load workers leave such files to the loading thread). */
  maxBytes?: number;
  /** Stamp the file (fstat of the open file, before reading it) for the catalogue cache. */
  stamp?: boolean;
  /**
   * The record may be a view of the buffer the next read reuses, for a caller that copies it
   * before reading again (a load worker's batch): one copy of the file's bytes fewer.
   */
  view?: boolean;
}

/** Reused across files: most deal files fit, so reading one allocates only its text. */
let readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Deal files are opened without updating their access time where the system allows it (Linux,
 * files we own). A file read for the first time since it was written otherwise gets its atime
 * written back (ext4's default `relatime`): ~1.5 µs of kernel time per file, 0.15 s of CPU over
 * a 100k-deal first start. For a file we do not own the flag is refused (EPERM): such files are
 * opened the ordinary way, and after the first refusal every file is, on this thread and for the
 * rest of the process (a folder of someone else's files would otherwise cost two opens a file).
 */
let openFlags = constants.O_NOATIME === undefined ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NOATIME;

function openForReading(file: string): number {
  if (openFlags === constants.O_RDONLY) return openSync(file, openFlags);
  try {
    return openSync(file, openFlags);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    openFlags = constants.O_RDONLY;
    return openSync(file, openFlags);
  }
}

/**
 * Reads `file`: open, fstat, read until the end (one read for most files), close. The bytes are
 * a view of a buffer the next read reuses. Undefined past `maxBytes`. With `stamped`, the open
 * file's stamp goes there first: a file changed while it is read keeps its old stamp, so the
 * next load reads it again.
 */
function readBytes(file: string, maxBytes: number, stamped?: { stamp?: FileStamp }): Buffer | undefined {
  const fd = openForReading(file);
  try {
    const st = fstatSync(fd);
    if (stamped) stamped.stamp = { size: st.size, ino: st.ino, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
    const regular = st.isFile();
    if (regular && st.size > maxBytes) return undefined;
    let length = 0;
    for (;;) {
      if (length > maxBytes) return undefined;
      if (length === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      const room = readBuffer.length - length;
      const got = readSync(fd, readBuffer, length, room, null);
      length += got;
      // A regular file is read to the size fstat gave, not to a read that returns nothing: one
      // read syscall per deal file instead of two. Anything else (a pipe, a file that reports
      // no size), or a file that shrank, is read until a read returns nothing.
      if (got === 0 || (regular && st.size > 0 && length >= st.size)) break;
    }
    return length > maxBytes ? undefined : readBuffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Reads, parses and validates one deal file. Never throws for a bad or unreadable file. */
export function readDealFile(file: string, options?: Omit<ReadFileOptions, 'maxBytes'>): FileReading;
export function readDealFile(file: string, options: ReadFileOptions): FileReading | undefined;
export function readDealFile(file: string, options: ReadFileOptions = {}): FileReading | undefined {
  const stamped: { stamp?: FileStamp } | undefined = options.stamp ? {} : undefined;
  let bytes: Buffer | undefined;
  try {
    bytes = readBytes(file, options.maxBytes ?? Infinity, stamped);
    if (bytes === undefined) return undefined;
  } catch (err) {
    return { problems: [{ file, field: '', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }] };
  }
  const parsed = parseDealFile(file, bytes);
  if (!parsed.deal) return { problems: parsed.problems, ...stamped };
  // The record is the text that was checked, copied out of the reused read buffer.
  return { indexedJson: indexedJsonOf(parsed.deal), record: options.view ? bytes : Buffer.from(bytes), ...stamped };
}

/** The top-level `title:` key at the start of a line of a deal file. */
const TITLE_KEY = Buffer.from('\ntitle:');
const NEWLINE = 0x0a;

/**
 * The title of a deal stored as the file text it was validated from, for indexing title words
 * (title-words.ts). A bot indexes every title of a catalogue at start-up, while it serves, and
 * reading each whole file again made ~45 values a deal for the collector (2.1 s at 100k deals,
 * against 1.0 s): so when the title is a plain scalar on one line of its own, that line alone is
 * read, as a YAML document of its own. Anything else (a quoted, folded or multi-line title, a
 * second line starting `title:`, a title first in the file) is read from the whole file, as are
 * stored deals whose one line does not read.
 */
export function titleFromRecord(record: Buffer): string {
  const line = plainTitleLine(record);
  const title = (line && readSimpleYaml(line)?.title) ?? yamlDocument(record).title;
  if (typeof title !== 'string') throw new Error('a stored deal has no title');
  return title;
}

/**
 * The `title: …` line when it is the file's only line starting `title:`, its value starts like
 * a plain scalar (a letter, a digit or a non-ASCII character) and the next line starts another
 * key, so that the value cannot go on past the line; undefined otherwise.
 */
function plainTitleLine(record: Buffer): Buffer | undefined {
  const at = record.indexOf(TITLE_KEY);
  if (at < 0 || record.indexOf(TITLE_KEY, at + 1) >= 0) return undefined;
  const end = record.indexOf(NEWLINE, at + 1);
  if (end < 0) return undefined;
  let v = at + TITLE_KEY.length;
  while (record[v] === 0x20) v++;
  if (!startsPlain(record[v]) || !startsKey(record[end + 1])) return undefined;
  return record.subarray(at + 1, end + 1);
}

function startsPlain(byte: number | undefined): boolean {
  return byte !== undefined && (startsKey(byte) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80);
}

function startsKey(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a));
}

/** A YAML document as parseDealFile reads it (the fast reader, else js-yaml). */
function yamlDocument(bytes: Buffer): Record<string, unknown> {
  return readSimpleYaml(bytes) ?? (loadYaml(bytes.toString('utf8'), { schema: CORE_SCHEMA }) as Record<string, unknown>);
}

/**
 * A deal stored as the file text it was validated from (records.ts), read again: the same
 * text through the same code gives the same deal.
 */
export function dealFromRecord(record: Buffer): Deal {
  const parsed = parseDealFile('(stored deal)', record);
  if (!parsed.deal) throw new Error(`a stored deal no longer validates: ${parsed.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  return parsed.deal;
}
