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
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return { problem: `${DATE_HINT}, got '${text}'` };
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (month !== undefined && (month < 1 || month > 12)) return { problem: `month ${m[2]} is not 01–12` };
  if (day !== undefined && month !== undefined) {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > last) return { problem: `day ${m[3]} does not exist in ${m[1]}-${m[2]}` };
  }
  if (day !== undefined) return { precision: 'day', year, month, day };
  if (month !== undefined) return { precision: 'month', year, month };
  return { precision: 'year', year };
}

export const QUALIFIERS = ['exact', 'up_to', 'approximately', 'at_least'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

export type ValueComponent =
  | { status: 'disclosed'; amount: Money; qualifier: Qualifier; note?: string }
  | { status: 'undisclosed' };

export type Royalties = { status: 'disclosed'; text: string } | { status: 'undisclosed' };
