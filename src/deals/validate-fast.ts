/**
 * A fast check of a deal document, tried before the zod schema (schema.ts).
 *
 * zod spends ~20 µs on a deal: at 100k files, 2 s of a first start's CPU. Nearly every file is
 * valid, and a valid deal needs no messages; this walks the document once, with plain code,
 * and returns exactly the value `dealSchema.parse` returns (same keys, same order, same
 * defaults, the same date and money readers). At the first thing it is not sure of (an
 * unknown key, a wrong type, anything the schema would report) it returns `undefined` and zod
 * checks the document and reports its problems as it always has.
 *
 * So it may only ever accept less than zod, never more or differently: every seed, generated
 * catalogues and thousands of mutated documents are compared with zod's reading in
 * test/unit/deals/validate-fast.test.ts.
 */
import { componentBackingProblem, hasUnbackedLabel, royaltiesBackingProblem, stageBackingProblem } from './backing';
import { parseMoney, type Money } from './money';
import {
  DEAL_TYPES,
  FACT_TOPICS,
  PARTY_ROLES,
  QUALIFIERS,
  readPartialDate,
  STAGES,
  VALUE_COMPONENTS,
  type PartialDate,
  type Qualifier,
  type Royalties,
  type ValueComponent,
} from './vocabulary';
import type { Deal } from './schema';

/** Thrown to hand the document to zod; never leaves this module. */
const UNSURE = new Error('left to the schema');

type Doc = Record<string, unknown>;

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
/** More sources or facts than this in one deal, and the schema checks it (see readDeal). */
const MAX_LISTED = 64;
/** URLs taken without zod's check: http(s), nothing zod's trimming or tab stripping would change. */
const PLAIN_URL = /^https?:\/\/\S+$/;
const STATUSES = new Set(['announced', 'active', 'completed', 'terminated', 'unknown']);
const TYPE_SET = new Set<string>(DEAL_TYPES);
const ROLE_SET = new Set<string>(PARTY_ROLES);
const STAGE_SET = new Set<string>(STAGES);
const TOPIC_SET = new Set<string>(FACT_TOPICS);
const QUALIFIER_SET = new Set<string>(QUALIFIERS);

/** The deal's fields in the schema's order (the order zod's output has). */
export const DEAL_KEYS = [
  'id',
  'title',
  'types',
  'status',
  'parties',
  'announced',
  'value',
  'stage',
  'modalities',
  'areas',
  'indications',
  'territory',
  'location',
  'rights',
  'facts',
  'sources',
  'conflicts',
  'notes',
] as const;
export const VALUE_KEYS = [...VALUE_COMPONENTS, 'royalties'] as const;
const DEAL_KEY_SET = new Set<string>(DEAL_KEYS);
const VALUE_KEY_SET = new Set<string>(VALUE_KEYS);
const PARTY_KEYS = new Set(['name', 'aliases', 'role']);
const COMPONENT_KEYS = new Set(['amount', 'qualifier', 'note']);
const FACT_KEYS = new Set(['id', 'topic', 'text', 'sources']);
const SOURCE_KEYS = new Set(['id', 'title', 'publisher', 'url', 'published']);
const CONFLICT_KEYS = new Set(['about', 'readings']);
const READING_KEYS = new Set(['text', 'sources']);

/** An object with only `allowed` keys (a strict object's input). */
function object(value: unknown, allowed: ReadonlySet<string>): Doc {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw UNSURE;
  for (const key in value) if (!allowed.has(key)) throw UNSURE;
  return value as Doc;
}

function text(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw UNSURE;
  return value;
}

function slug(value: unknown): string {
  if (typeof value !== 'string' || !SLUG.test(value)) throw UNSURE;
  return value;
}

function oneOf(value: unknown, allowed: ReadonlySet<string>): string {
  if (typeof value !== 'string' || !allowed.has(value)) throw UNSURE;
  return value;
}

function list(value: unknown, min: number): unknown[] {
  if (!Array.isArray(value) || value.length < min) throw UNSURE;
  return value;
}

/**
 * `list(value, min).map(read)`, built by pushing: an array from `map` has one shape when the
 * builtin makes it and another when optimised code does, and code reading it then deoptimises
 * once that second shape arrives (a recompile of readDeal, ~55 ms of CPU on each loading thread).
 */
function mapped<T>(value: unknown, min: number, read: (item: unknown) => T): T[] {
  const items = list(value, min);
  const out: T[] = [];
  for (let k = 0; k < items.length; k++) out.push(read(items[k]));
  return out;
}

/**
 * A list of non-empty strings (or slugs, or words of `allowed`), as it is: zod would copy it,
 * but nothing else holds the document, so the checked list itself is the deal's.
 */
function texts(value: unknown, min = 0): string[] {
  const items = list(value, min);
  for (const item of items) text(item);
  return items as string[];
}

function slugs(value: unknown, min: number): string[] {
  const items = list(value, min);
  for (const item of items) slug(item);
  return items as string[];
}

function allowedList(value: unknown, min: number, allowed: ReadonlySet<string>): string[] {
  const items = list(value, min);
  for (const item of items) oneOf(item, allowed);
  return items as string[];
}

function date(value: unknown): PartialDate {
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) throw UNSURE;
  const read = readPartialDate(value);
  if ('problem' in read) throw UNSURE;
  return read;
}

function money(value: unknown): Money {
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) throw UNSURE;
  const read = parseMoney(value);
  if (!read) throw UNSURE;
  return read;
}

function url(value: unknown): string {
  if (typeof value !== 'string' || !PLAIN_URL.test(value) || !URL.canParse(value)) throw UNSURE;
  return value;
}

function component(value: unknown): ValueComponent {
  if (value === 'undisclosed') return { status: 'undisclosed' };
  const c = object(value, COMPONENT_KEYS);
  const out: ValueComponent = {
    status: 'disclosed',
    amount: money(c.amount),
    qualifier: c.qualifier === undefined ? 'exact' : (oneOf(c.qualifier, QUALIFIER_SET) as Qualifier),
  };
  if (c.note !== undefined) out.note = text(c.note);
  return out;
}

function royalties(value: unknown): Royalties {
  if (value === 'undisclosed') return { status: 'undisclosed' };
  return { status: 'disclosed', text: text(value) };
}

function dealValue(value: unknown): Deal['value'] {
  if (value === undefined) return {};
  const v = object(value, VALUE_KEY_SET);
  const out: Deal['value'] = {};
  for (const key of VALUE_COMPONENTS) if (v[key] !== undefined) out[key] = component(v[key]);
  if (v.royalties !== undefined) out.royalties = royalties(v.royalties);
  return out;
}

function readDeal(doc: unknown): Deal {
  const d = object(doc, DEAL_KEY_SET);
  // Built in the schema's key order: optional keys are left out when absent, as zod leaves them.
  const deal = {
    id: slug(d.id),
    title: text(d.title),
    types: allowedList(d.types, 1, TYPE_SET),
    status: d.status === undefined ? 'announced' : oneOf(d.status, STATUSES),
    parties: mapped(d.parties, 1, (p) => {
      const party = object(p, PARTY_KEYS);
      return { name: text(party.name), aliases: party.aliases === undefined ? [] : texts(party.aliases), role: oneOf(party.role, ROLE_SET) };
    }),
    announced: date(d.announced),
    value: dealValue(d.value),
  } as Record<string, unknown>;
  if (d.stage !== undefined) deal.stage = oneOf(d.stage, STAGE_SET);
  deal.modalities = d.modalities === undefined ? [] : texts(d.modalities);
  deal.areas = d.areas === undefined ? [] : texts(d.areas);
  deal.indications = d.indications === undefined ? [] : texts(d.indications);
  if (d.territory !== undefined) deal.territory = text(d.territory);
  if (d.location !== undefined) deal.location = text(d.location);
  deal.rights = d.rights === undefined ? [] : texts(d.rights);
  const facts = mapped(d.facts, 1, (f) => {
    const fact = object(f, FACT_KEYS);
    return { id: slug(fact.id), topic: oneOf(fact.topic, TOPIC_SET), text: text(fact.text), sources: slugs(fact.sources, 1) };
  });
  deal.facts = facts;
  const sources = mapped(d.sources, 1, (s) => {
    const source = object(s, SOURCE_KEYS);
    return {
      id: slug(source.id),
      title: text(source.title),
      publisher: text(source.publisher),
      url: url(source.url),
      published: source.published === undefined ? { precision: 'unknown' } : date(source.published),
    };
  });
  deal.sources = sources;
  const conflicts =
    d.conflicts === undefined
      ? []
      : mapped(d.conflicts, 0, (c) => {
          const conflict = object(c, CONFLICT_KEYS);
          return {
            about: text(conflict.about),
            readings: mapped(conflict.readings, 2, (r) => {
              const reading = object(r, READING_KEYS);
              return { text: text(reading.text), sources: slugs(reading.sources, 1) };
            }),
          };
        });
  deal.conflicts = conflicts;
  deal.notes = d.notes === undefined ? [] : texts(d.notes);

  // The schema's cross-field rules: anything it would report is left to it. A deal has a few
  // sources and facts, checked in small lists (a Set per deal cost more); an unusually long
  // one is left to the schema too.
  if (sources.length > MAX_LISTED || facts.length > MAX_LISTED) throw UNSURE;
  const sourceIds: string[] = [];
  for (const s of sources) {
    if (sourceIds.includes(s.id)) throw UNSURE;
    sourceIds.push(s.id);
  }
  const factIds: string[] = [];
  for (const f of facts) {
    if (factIds.includes(f.id)) throw UNSURE;
    factIds.push(f.id);
    for (const s of f.sources) if (!sourceIds.includes(s)) throw UNSURE;
  }
  for (const c of conflicts) for (const r of c.readings) for (const s of r.sources) if (!sourceIds.includes(s)) throw UNSURE;
  const value = deal.value as Deal['value'];
  for (const key of VALUE_COMPONENTS) if (value[key] !== undefined && componentBackingProblem(key, value[key], facts) !== undefined) throw UNSURE;
  if (royaltiesBackingProblem(value.royalties, facts) !== undefined) throw UNSURE;
  if (stageBackingProblem(deal.stage as Deal['stage'], facts) !== undefined) throw UNSURE;
  if (hasUnbackedLabel(deal as Deal, facts)) throw UNSURE;
  return deal as Deal;
}

/** The deal exactly as `dealSchema.parse(doc)` would return it, or undefined: ask the schema. */
export function readValidDeal(doc: unknown): Deal | undefined {
  try {
    return readDeal(doc);
  } catch (err) {
    if (err === UNSURE) return undefined;
    throw err;
  }
}
