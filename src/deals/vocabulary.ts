/**
 * The words and shapes of a deal record that need no validator: the allowed values of its
 * fields, its types, and how a date is read. Kept apart from schema.ts so that code checking
 * valid deals quickly (validate-fast.ts, in load workers) does not load zod (~50 ms a thread).
 */
import type { Money } from './money';

export const DEAL_TYPES = [
  'licence',
  'research_collaboration',
  'option',
  'co_development',
  'co_commercialisation',
  'acquisition',
  'merger',
  'investment',
  'equity',
  'joint_venture',
  'data_licensing',
  'service',
  'other',
] as const;
export type DealType = (typeof DEAL_TYPES)[number];

export const PARTY_ROLES = [
  'licensor',
  'licensee',
  'collaborator',
  'acquirer',
  'target',
  'investor',
  'investee',
  'counterparty',
  'partner',
] as const;

export const STAGES = [
  'discovery',
  'preclinical',
  'phase_1',
  'phase_2',
  'phase_3',
  'filed',
  'approved',
  'marketed',
  'platform',
  'not_applicable',
] as const;
export type Stage = (typeof STAGES)[number];

/** Value components a deal can report, in the order the card shows them. */
export const VALUE_COMPONENTS = [
  'upfront',
  'equity',
  'near_term',
  'development_milestones',
  'commercial_milestones',
  'milestones',
  'fees',
  'investment',
  'total',
] as const;
export type ValueComponentKey = (typeof VALUE_COMPONENTS)[number];

/** What a fact is about, so answers and the verifier can tie a figure to its quantity. */
export const FACT_TOPICS = [
  ...VALUE_COMPONENTS.map((k) => `value.${k}` as const),
  'value.royalties',
  'parties',
  'date',
  'stage',
  'modality',
  'areas',
  'territory',
  'location',
  'rights',
  'scope',
  'history',
  'context',
] as const;
export type FactTopic = (typeof FACT_TOPICS)[number];

/** A date with its precision: "2025-06-13", "2024-10", "2023", or "unknown". */
export type DatePrecision = 'day' | 'month' | 'year';
export type PartialDate =
  | { precision: 'unknown' }
  | { precision: DatePrecision; year: number; month?: number; day?: number };

export const DATE_HINT = "expected a date as YYYY-MM-DD, YYYY-MM, YYYY or 'unknown'";

/** Reads a date as the schema does: the date, or the message of what is wrong with it. */
export function readPartialDate(raw: string | number): PartialDate | { problem: string } {
  const text = String(raw).trim();
  if (text === 'unknown') return { precision: 'unknown' };
  // YYYY, YYYY-MM or YYYY-MM-DD (ASCII digits), read by position: every deal file has several
  // dates, and a regular expression's match and its substrings cost more than the rest.
  const n = text.length;
  if (!((n === 4 || n === 7 || n === 10) && digits(text, 0, 4) && (n === 4 || (text.charCodeAt(4) === 0x2d && digits(text, 5, 7))) && (n < 10 || (text.charCodeAt(7) === 0x2d && digits(text, 8, 10))))) {
    return { problem: `${DATE_HINT}, got '${text}'` };
  }
  const year = number(text, 0, 4);
  if (n === 4) return { precision: 'year', year };
  const month = number(text, 5, 7);
  if (month < 1 || month > 12) return { problem: `month ${text.slice(5, 7)} is not 01–12` };
  if (n === 7) return { precision: 'month', year, month };
  const day = number(text, 8, 10);
  // February asks Date.UTC (which reads years 0–99 as 1900–1999, as this always did).
  const last = month === 2 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > last) return { problem: `day ${text.slice(8, 10)} does not exist in ${text.slice(0, 4)}-${text.slice(5, 7)}` };
  return { precision: 'day', year, month, day };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether text[from, to) is all ASCII digits. */
function digits(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** The number text[from, to) spells in ASCII digits. */
function number(text: string, from: number, to: number): number {
  let v = 0;
  for (let k = from; k < to; k++) v = v * 10 + text.charCodeAt(k) - 0x30;
  return v;
}

export const QUALIFIERS = ['exact', 'up_to', 'approximately', 'at_least'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];
/** How a qualifier reads before an amount: "up to $1.62 billion". */
export const QUALIFIER_WORDS: Record<Qualifier, string> = { exact: '', up_to: 'up to ', approximately: 'about ', at_least: 'at least ' };

export type ValueComponent =
  | { status: 'disclosed'; amount: Money; qualifier: Qualifier; note?: string }
  | { status: 'undisclosed' };

export type Royalties = { status: 'disclosed'; text: string } | { status: 'undisclosed' };
