/**
 * Loads `seeds/deals/*.yaml`, validates every file and builds the in-memory catalogue.
 *
 * Validation collects every problem in every file before failing, so a curator fixes a
 * broken catalogue in one pass. Each problem names the file, the field path and what to fix:
 * `seeds/deals/az-cspc-2025.yaml: value.upfront.amount: expected an amount such as …`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import type { z } from 'zod';
import { DealRecords } from './records';
import { dealSchema, type Deal } from './schema';
import { DealIndex, type IndexedDeal } from './search';

/** One problem in one seeds file. */
export interface SeedProblem {
  file: string;
  /** Dotted field path, or '' for the whole file. */
  field: string;
  message: string;
}

/** "seeds/deals/x.yaml: value.upfront.amount: expected …", with the path relative to the cwd. */
export function formatProblem(p: SeedProblem): string {
  const file = path.relative(process.cwd(), p.file) || p.file;
  return p.field ? `${file}: ${p.field}: ${p.message}` : `${file}: ${p.message}`;
}

/** Thrown when the catalogue cannot be loaded; `problems` lists every one found. */
export class CatalogError extends Error {
  readonly code = 'catalog_invalid';
  constructor(readonly problems: SeedProblem[]) {
    super(
      `The deal catalogue has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'CatalogError';
  }
}

/**
 * The loaded catalogue: the search index, and every validated deal, fetched by id.
 *
 * Deals are not held as objects (see records.ts): `get` reads one back, `all` reads them all
 * (tools and checks, never a request path). Search, filters and digest selection work from
 * the index's compact per-deal data and fetch only the deals they show.
 */
export class Catalog {
  readonly index: DealIndex;
  private readonly records = new DealRecords();
  private readonly recordOf = new Map<string, number>();

  /** Builds a catalogue from deals already validated (the loader's, or tests'). Ids must be unique. */
  constructor(deals: Iterable<Deal>) {
    const indexed: IndexedDeal[] = [];
    for (const deal of deals) {
      if (this.recordOf.has(deal.id)) throw new Error(`duplicate deal id ${deal.id}`);
      this.recordOf.set(deal.id, this.records.append(deal));
      indexed.push(indexedCopy(deal));
    }
    this.records.seal();
    this.index = new DealIndex(indexed);
  }

  /** How many deals the catalogue holds. */
  get size(): number {
    return this.recordOf.size;
  }

  /** Every deal id, most recent first. */
  get ids(): readonly string[] {
    return this.index.ids;
  }

  get(id: string): Deal | undefined {
    const n = this.recordOf.get(id);
    return n === undefined ? undefined : this.records.read(n);
  }

  /** The deals with these ids, in that order; ids not in the catalogue are skipped. */
  getAll(ids: readonly string[]): Deal[] {
    const out: Deal[] = [];
    for (const id of ids) {
      const deal = this.get(id);
      if (deal) out.push(deal);
    }
    return out;
  }

  /** Every deal, most recent first, read back one by one: for tools and checks, not requests. */
  all(): Deal[] {
    return this.getAll(this.index.ids);
  }
}

/**
 * What the index keeps of a deal, as fresh strings: a parser's strings can be slices of the
 * file's text, and keeping one slice keeps the whole text alive (1.5 KB per deal).
 */
function indexedCopy(deal: Deal): IndexedDeal {
  const { id, announced, types, areas, modalities, indications, parties, value } = deal;
  return JSON.parse(JSON.stringify({ id, announced, types, areas, modalities, indications, parties, value })) as IndexedDeal;
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

/** Parses and validates one file's text. Never throws: returns the deal or its problems. */
export function parseDealFile(
  file: string,
  text: string,
): { deal: Deal; problems: [] } | { deal?: undefined; problems: SeedProblem[] } {
  let doc: unknown;
  try {
    // YAML 1.2 core schema: `2025-03-21` stays a string (the schema parses dates itself), and
    // js-yaml reads a seeds file ~8× faster than `yaml`'s document API (benchmark: 100k files
    // 73 s → 15 s), with the line of the first error.
    doc = loadYaml(text, { schema: CORE_SCHEMA, filename: file });
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    return { problems: [{ file, field: '', message: `not valid YAML (line ${err.mark.line + 1}): ${err.reason}` }] };
  }
  const result = dealSchema.safeParse(doc);
  if (!result.success) {
    return {
      problems: result.error.issues.flatMap((issue) => issueProblems(file, issue)),
    };
  }
  // The deal's strings may be slices of `text`: a Catalog stores deals as JSON and copies what
  // its index keeps, so nothing holds on to the file's text.
  return { deal: result.data, problems: [] };
}

/** A deals directory read and checked: the catalogue of its valid deals, and every problem found. */
export interface DealsDirReading {
  catalog: Catalog;
  problems: SeedProblem[];
  /** Deal files read (valid or not). */
  files: number;
}

/**
 * Reads a deals directory: every `.yaml`/`.yml` file, checked, with cross-file checks. Deals go
 * into the catalogue as they are read, so the whole parsed catalogue is never in memory at once.
 * With problems, the catalogue holds only the valid deals: callers decide whether to use it.
 */
export function readDealsDir(dir: string): DealsDirReading {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'directory not found' : String(err);
    return { catalog: new Catalog([]), files: 0, problems: [{ file: dir, field: '', message: `${reason} (set DEALS_DIR)` }] };
  }
  const problems: SeedProblem[] = [];
  function* validDeals(): Generator<Deal> {
    const seenIds = new Map<string, string>();
    for (const name of names) {
      const file = path.join(dir, name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        problems.push({ file, field: '', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
        continue;
      }
      const parsed = parseDealFile(file, text);
      if (!parsed.deal) {
        problems.push(...parsed.problems);
        continue;
      }
      const other = seenIds.get(parsed.deal.id);
      if (other) {
        problems.push({ file, field: 'id', message: `'${parsed.deal.id}' is already used by ${other}` });
        continue;
      }
      seenIds.set(parsed.deal.id, file);
      yield parsed.deal;
    }
  }
  const catalog = new Catalog(validDeals());
  if (names.length === 0 && problems.length === 0) {
    problems.push({ file: dir, field: '', message: 'no .yaml deal files found' });
  }
  return { catalog, problems, files: names.length };
}

/** Loads the catalogue or throws a `CatalogError` listing every problem. */
export function loadCatalog(dir: string): Catalog {
  const { catalog, problems } = readDealsDir(dir);
  if (problems.length > 0) throw new CatalogError(problems);
  return catalog;
}
