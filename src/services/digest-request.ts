/**
 * Reads what follows `/deal digest`: the sub-command, a schedule and filters. Plain text in,
 * a request or an error that says what is accepted out. No Slack here.
 *
 * `subscribe [weekly|daily] [mon…sun | on:<day>] [HH:MM] [IANA time zone] [empty:line|empty:skip] [filters]`
 * — words may come in any order. Filters use the same words as `/deal`: company names (with
 * aliases and typos), areas or modalities, deal types, stages, and a minimum value such as `>1b`.
 * Company names the catalogue does not know yet are watched by name. Words in double quotes are
 * always one company's name ("sun pharma", "Discovery Labs"), never a schedule word or another
 * filter; a day or stage word followed by a word that could make it a company's name ("sun
 * pharma", "discovery labs") is asked about rather than guessed. A schedule in words not
 * accepted ("every day at 8", "noon") is refused, not watched as a company.
 */
import { escapeMrkdwn, quoteTyped as quote, quoteWords } from '../blocks/text';
import type { Catalog } from '../deals/catalog';
import type { QueryReading, ResolvedTerm } from '../deals/search';
import type { DealType } from '../deals/schema';
import { CORPORATE_WORDS, editDistance, normalize, tokens } from '../deals/text';
import { partyKey } from './digest';
import { canonicalTimeZone, type Cadence, type Weekday } from './digest-schedule';
import type { DigestFilters, EmptyBehaviour, WatchedParty } from './subscriptions';
import { wordTable } from '../word-table';

export type DigestAction = 'subscribe' | 'list' | 'unsubscribe' | 'preview' | 'now' | 'resume';

export interface SubscribeRequest {
  action: 'subscribe';
  /** A channel named in the command (`<#C…>` or a bare id); otherwise the one it was typed in. */
  channel?: string;
  cadence: Cadence;
  weekday: Weekday;
  hour: number;
  minute: number;
  /** Undefined: the subscriber's Slack time zone, else UTC. */
  timeZone?: string;
  ifEmpty: EmptyBehaviour;
  filters: DigestFilters;
}

export type DigestRequest =
  | { action: 'help' }
  | SubscribeRequest
  | { action: Exclude<DigestAction, 'subscribe'>; channel?: string };

export type ParseResult = { ok: true; request: DigestRequest } | { ok: false; error: string };

const ACTIONS = wordTable<DigestAction | 'help'>({
  subscribe: 'subscribe',
  sub: 'subscribe',
  follow: 'subscribe',
  list: 'list',
  show: 'list',
  status: 'list',
  unsubscribe: 'unsubscribe',
  unsub: 'unsubscribe',
  stop: 'unsubscribe',
  preview: 'preview',
  now: 'now',
  post: 'now',
  resume: 'resume',
  unpause: 'resume',
  help: 'help',
  '?': 'help',
});

const WEEKDAY_WORDS = wordTable<Weekday>({
  mon: 'mon',
  monday: 'mon',
  tue: 'tue',
  tues: 'tue',
  tuesday: 'tue',
  wed: 'wed',
  weds: 'wed',
  wednesday: 'wed',
  thu: 'thu',
  thur: 'thu',
  thurs: 'thu',
  thursday: 'thu',
  fri: 'fri',
  friday: 'fri',
  sat: 'sat',
  saturday: 'sat',
  sun: 'sun',
  sunday: 'sun',
});
const FULL_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const WEEKDAY_HINT = 'use mon, tue, wed, thu, fri, sat or sun (or the full name, e.g. monday)';
const TIME_HINT = 'use HH:MM on the 24-hour clock, 00:00–23:59 (e.g. 09:00 or 17:30), or 9am / 5:30pm';
const TZ_HINT = 'use an IANA time zone name such as Europe/London, America/New_York, Asia/Shanghai or UTC';
const ACTION_HINT = 'use subscribe, list, preview, now, unsubscribe or resume (or help)';
const CHANNEL_HINT =
  'pick the channel from the list Slack shows as you type # (it then reaches me as <#C…>), or give its ID, e.g. `C0123ABCD` (at the bottom of the channel’s details)';

/** Words that separate names in a watchlist ("pfizer or merck", "pfizer, merck"). */
const SEPARATORS = new Set(['or', 'and', ',', '&', '+']);

const TITLE_WORDS =
  '`/deal` finds deals by words of their titles; a digest follows companies, areas, deal types, stages and values. ' +
  'If it is a company with no deal here yet, put its name in quotes to follow it.';

const NO_FILTER =
  'is not a filter: it names no company, area, deal type, stage or minimum value (words such as “of”, “the” or “Inc” on their own are ignored). ' +
  'Give the company’s name (in quotes if it has several words), or leave it out to follow every new deal.';

/** A phase's number, or a range of them, as written after "phase": 3, 2b, ii, 1/2, "2,". */
const PHASE_NUMBERS_RE = /^(?:[1-3]|i{1,3}|one|two|three)[ab]?(?:[/-](?:[1-3]|i{1,3})[ab]?)*[,.;]?$/;
/** Stage words that also begin companies' names ("Discovery Labs"), asked about before a company word. */
const STAGE_NAME_WORDS = new Set(['discovery', 'preclinical', 'filed', 'approved', 'marketed']);

/**
 * Whether unit i is a phase's number after an unquoted "phase" or "ph" ("phase 2", "phase 2, 3",
 * "phase 2 and 3", "phase 1 to 3"; the words between are read with the filters).
 */
function inPhase(units: readonly Unit[], i: number): boolean {
  const lower = (k: number) => units[k]?.text.toLowerCase() ?? '';
  const joiner = (k: number) => /^(?:and|or|to)$/.test(lower(k));
  if (!PHASE_NUMBERS_RE.test(lower(i))) return false;
  const before = joiner(i - 1) ? i - 2 : i - 1;
  if (/^(?:phase|ph)$/.test(lower(before))) return !units[before]!.quoted;
  return before >= 0 && PHASE_NUMBERS_RE.test(lower(before)) && inPhase(units, before);
}

const DATES_ARE_NOT_FILTERS = 'Dates (`since:`, a year) are not digest filters: a digest always brings what is new since the last one.';

/**
 * Time-zone abbreviations people type, with the zone most of them mean where there is one. They
 * are refused: several are ambiguous (IST is India, Israel or Ireland), and "EST" in winter is
 * not New York's time in summer.
 */
const ZONE_ABBREVIATIONS = wordTable<string | undefined>({
  est: 'America/New_York',
  edt: 'America/New_York',
  cst: undefined,
  cdt: 'America/Chicago',
  mst: undefined,
  mdt: 'America/Denver',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  akst: 'America/Anchorage',
  akdt: 'America/Anchorage',
  hst: 'Pacific/Honolulu',
  ast: undefined,
  adt: 'America/Halifax',
  nst: 'America/St_Johns',
  ndt: 'America/St_Johns',
  bst: 'Europe/London',
  ist: undefined,
  cet: 'Europe/Paris',
  cest: 'Europe/Paris',
  eet: 'Europe/Athens',
  eest: 'Europe/Athens',
  msk: 'Europe/Moscow',
  jst: 'Asia/Tokyo',
  kst: 'Asia/Seoul',
  hkt: 'Asia/Hong_Kong',
  sgt: 'Asia/Singapore',
  aest: 'Australia/Sydney',
  aedt: 'Australia/Sydney',
  acst: 'Australia/Adelaide',
  acdt: 'Australia/Adelaide',
  awst: 'Australia/Perth',
  nzst: 'Pacific/Auckland',
  nzdt: 'Pacific/Auckland',
});

/**
 * Words that make the word before them a company's name ("Sun Pharma", "Mon Labs"): the
 * catalogue's corporate words, and the sector words biotech names end in.
 */
const COMPANY_WORDS = new Set([
  ...CORPORATE_WORDS,
  'bio',
  'biotech',
  'biopharma',
  'biologics',
  'bioscience',
  'biosciences',
  'biotherapeutics',
  'therapeutics',
  'sciences',
  'labs',
  'laboratories',
  'medical',
  'medicines',
  'health',
  'healthcare',
  'genomics',
]);

/**
 * A mention (`<@U…>`, `<!here>`) or any link Slack escaped (`<https://…>`, `<mailto:…|…>`,
 * `<tel:…>`), anywhere in a word or quoted name.
 */
const MENTION_OR_LINK = /<[@!]|<[a-z][a-z0-9+.-]*:/i;

/** Quotes that open a quoted name (straight, and the curly ones Slack clients type). */
const OPENING_QUOTE = /^["“”„]/;
const CLOSING_QUOTE = /["“”]$/;

const fail = (error: string): ParseResult => ({ ok: false, error });

/**
 * A channel reference: `<#C123|name>`, `<#C123>` or a bare channel id. A channel *name*
 * (`#bd-news`, as Slack sends a name it did not turn into a reference) is refused rather than
 * read as a filter: names change and repeat, and the bot cannot look one up.
 */
function channelRef(word: string): { channel: string } | { error: string } | undefined {
  // A bare id has a digit in it: a company typed in capitals (GALAPAGOS, GENENTECH) is not one.
  const m = /^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$/.exec(word) ?? /^([CG](?=[A-Z]*\d)[A-Z0-9]{8,})$/.exec(word);
  if (m) return { channel: m[1]! };
  if (word.startsWith('#')) return { error: `${quote(word)} is a channel name, which I can’t look up: ${CHANNEL_HINT}.` };
  return undefined;
}

/** A word of the subscribe request, or a quoted name (quotes removed), which is always a filter. */
interface Unit {
  text: string;
  quoted: boolean;
}

/** The words, with each run in double quotes ("sun pharma") made one quoted unit. */
function readUnits(words: string[]): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < words.length; i++) {
    const first = words[i]!;
    if (!OPENING_QUOTE.test(first)) {
      units.push({ text: first, quoted: false });
      continue;
    }
    const phrase = [first];
    const closed = () => phrase.length > 1 ? CLOSING_QUOTE.test(phrase.at(-1)!) : first.length > 1 && CLOSING_QUOTE.test(first);
    while (!closed() && i + 1 < words.length) phrase.push(words[++i]!);
    const text = phrase.join(' ').replace(/^["“”„]+|["“”]+$/g, '').trim();
    if (text) units.push({ text, quoted: true });
  }
  return units;
}

/**
 * True when a day word and the word after it may be a company's name rather than a day and a
 * filter: the next word is company-like ("sun pharma"), or each names the same company of the
 * catalogue ("sun" and "rise", for Sun Rise Medical).
 */
function mayNameCompany(day: string, next: string, catalog: Catalog): boolean {
  const nextWords = tokens(next);
  if (nextWords.some((w) => COMPANY_WORDS.has(w))) return true;
  const partiesOf = (text: string) => catalog.index.read(text).terms.flatMap((t) => (t.how === 'typo' ? [] : t.parties));
  const withDay = new Set(partiesOf(day));
  return withDay.size > 0 && partiesOf(next).some((party) => withDay.has(party));
}

type TimeParse = { ok: true; hour: number; minute: number } | { ok: false } | undefined;

/** A time of day, an invalid one (looks like a time but is not), or not a time at all. */
function timeOfDay(word: string): TimeParse {
  const lower = word.toLowerCase();
  const h24 = /^(\d{1,2})[:.h](\d{2})$/.exec(lower);
  if (h24) {
    const hour = Number(h24[1]);
    const minute = Number(h24[2]);
    return hour <= 23 && minute <= 59 ? { ok: true, hour, minute } : { ok: false };
  }
  const h12 = /^(\d{1,2})(?::(\d{2}))?(am|pm)$/.exec(lower);
  if (h12) {
    const hour = Number(h12[1]);
    const minute = Number(h12[2] ?? 0);
    if (hour < 1 || hour > 12 || minute > 59) return { ok: false };
    return { ok: true, hour: (hour % 12) + (h12[3] === 'pm' ? 12 : 0), minute };
  }
  if (/^\d{1,2}[:.]\d{1,3}$/.test(lower) || /^\d{1,4}(am|pm|h)$/.test(lower) || /^\d{3,4}$/.test(lower)) return { ok: false };
  return undefined;
}

/** A word meant as a weekday but not one we accept ("funday", "thursdy"). */
function looksLikeWeekday(lower: string): boolean {
  if (!/^[a-z]+$/.test(lower)) return false;
  if (/days?$/.test(lower) && lower.length >= 5) return true;
  return lower.length >= 5 && FULL_WEEKDAYS.some((d) => editDistance(lower, d, 2) <= 2);
}

/**
 * Words of a schedule written in prose ("every day at 8", "noon", "tomorrow"), which the words
 * above do not read. Taken as filters they would watch a company called "at" and the digest
 * would never post, so they are refused with the accepted form.
 */
const SCHEDULE_PROSE = new Set([
  'at', 'on', 'every', 'each', 'per', 'next', 'once', 'twice',
  'day', 'days', 'everyday', 'nightly', 'night', 'nights', 'tonight', 'today', 'tomorrow',
  'week', 'weeks', 'weekend', 'weekends', 'weekday', 'weekdays',
  'morning', 'mornings', 'afternoon', 'afternoons', 'evening', 'evenings',
  'noon', 'midday', 'midnight', 'am', 'pm', 'a.m', 'p.m', 'oclock', 'o’clock', "o'clock", 'hour', 'hours',
]);
/** A time in a form `timeOfDay` does not take: "8", "9.30am", "9:00a.m", "8pm-ish". */
const TIME_LIKE = /^\d{1,2}(?:[:.]\d{1,2})?(?:[ap]\.?m\.?|hrs?|o['’]?clock)?$/;

/**
 * True for a word meant as part of the schedule in a form not accepted: prose ("every", "at",
 * "noon"), a time such as "8" or "9.30am", or a cadence or day with something stuck to it
 * ("friday,", "fri.", "thursday-ish", "at:9", "mon-fri").
 */
function looksLikeScheduleProse(lower: string): boolean {
  const parts = lower
    .replace(/[.,;!?]+$/, '')
    .split(/[-–:]/)
    .filter((p) => p !== '' && p !== 'ish');
  const isScheduleWord = (p: string) =>
    SCHEDULE_PROSE.has(p) || TIME_LIKE.test(p) || p === 'weekly' || p === 'daily' || (WEEKDAY_WORDS[p] ?? WEEKDAY_WORDS[p.replace(/s$/, '')]) !== undefined;
  return parts.length > 0 && parts.every(isScheduleWord);
}

/** The refusal of schedule words written in a form not accepted, with the form that is. */
function scheduleProseError(words: string[]): string {
  const lower = words.map((w) => w.toLowerCase());
  const clock = [
    ...(lower.includes('noon') || lower.includes('midday') ? ['noon is 12:00'] : []),
    ...(lower.includes('midnight') ? ['midnight is 00:00'] : []),
  ];
  return (
    `I can’t read ${quoteWords(words, 8).text} in a schedule. Write it as \`daily 08:00\` or \`weekly fri 09:00\`: weekly or daily, ` +
    `a day for a weekly digest (mon, tue, wed, thu, fri, sat or sun, or on:fri), a time of day as one word ` +
    `(HH:MM on the 24-hour clock, or 9am / 5:30pm${clock.length > 0 ? `; ${clock.join(', ')}` : ''}) and optionally a time zone such as Europe/London. ` +
    'To watch a company with such a word in its name, put the name in double quotes (e.g. "Day One Bio").'
  );
}

/** Whether a query reads as an area, modality, deal type or stage filter. */
function addsFilter(r: QueryReading): boolean {
  return r.filters.topics.length > 0 || r.filters.types.length > 0 || r.filters.stages.length > 0;
}

/** True when the catalogue reads `word` as a company, area, deal type or stage (not as a typo). */
function knownToCatalog(word: string, catalog: Catalog): boolean {
  const r = catalog.index.read(word);
  return r.terms.some((t) => t.how !== 'typo') || addsFilter(r);
}

/** Parses the text after `/deal digest`. */
export function parseDigestRequest(text: string, catalog: Catalog): ParseResult {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (first === undefined) return { ok: true, request: { action: 'help' } };
  const action = ACTIONS[first.toLowerCase()];
  if (!action) return fail(`I don’t know the digest command ${quote(first)}: ${ACTION_HINT}.`);
  if (action === 'help') return { ok: true, request: { action: 'help' } };
  if (action === 'subscribe') return parseSubscribe(rest, catalog);

  let channel: string | undefined;
  for (const word of rest) {
    const ref = channelRef(word);
    if (ref && 'error' in ref) return fail(ref.error);
    if (ref && !channel) channel = ref.channel;
    else return fail(`\`/deal digest ${action}\` takes no other words (only optionally a channel), but got ${quote(word)}.`);
  }
  return { ok: true, request: { action, ...(channel ? { channel } : {}) } };
}

function parseSubscribe(words: string[], catalog: Catalog): ParseResult {
  let channel: string | undefined;
  let cadence: Cadence | undefined;
  let weekday: Weekday | undefined;
  let time: { hour: number; minute: number } | undefined;
  let timeZone: string | undefined;
  let ifEmpty: EmptyBehaviour | undefined;
  /** Filter words, with `null` where a schedule word or separator stood (it splits names). */
  const filterWords: Array<Unit | null> = [];
  /** Words meant as part of the schedule in a form not accepted ("every", "at", "8"). */
  const scheduleProse: string[] = [];

  const units = readUnits(words);
  for (const [i, unit] of units.entries()) {
    // Checked first: a link has a `/` (not a time zone) and quotes do not make one a company.
    if (MENTION_OR_LINK.test(unit.text)) {
      return fail(`${quote(unit.text)} is a mention or a link: digests follow companies, areas, deal types, stages and a minimum value, not people or pages.`);
    }
    if (unit.quoted) {
      filterWords.push(unit);
      continue;
    }
    const word = unit.text;
    const lower = word.toLowerCase();
    // "Phase 3", "phase 2/3", "ph 2,", "phase 2 and 3": the numbers are the stage's, not an hour
    // or a time zone.
    if (inPhase(units, i)) {
      filterWords.push(unit);
      continue;
    }
    // "Phase" with no number would be watched as a company called "phase".
    if (/^(?:phase|ph)[,.;]?$/.test(lower) && !PHASE_NUMBERS_RE.test(units[i + 1]?.text.toLowerCase() ?? '')) {
      return fail(`${quote(word)} needs its number: \`phase 1\`, \`phase 2\` or \`phase 3\` (a range such as \`phase 2/3\` brings either).`);
    }
    // "Discovery Labs": the stage, or a company's name?
    const next = units[i + 1];
    const companyNext = next !== undefined && !next.quoted && tokens(next.text).some((w) => COMPANY_WORDS.has(w));
    if (STAGE_NAME_WORDS.has(lower) && companyNext && catalog.index.read(`${word} ${next.text}`).terms.length === 0) {
      const both = `${word} ${next.text}`;
      return fail(
        `${quote(both)}: is ${quote(word)} the stage at signing or part of a company’s name? ` +
          `To watch the company, put its name in quotes (${escapeMrkdwn(`"${both}"`)}); for the stage, put ${quote(word)} after the company.`,
      );
    }
    const ref = channelRef(word);
    if (ref && 'error' in ref) return fail(ref.error);
    if (ref) {
      if (channel && channel !== ref.channel) return fail('Name at most one channel.');
      channel = ref.channel;
      filterWords.push(null);
      continue;
    }
    if (lower === 'weekly' || lower === 'daily') {
      if (cadence && cadence !== lower) return fail('Choose either weekly or daily, not both.');
      cadence = lower;
      filterWords.push(null);
      continue;
    }
    if (['monthly', 'hourly', 'biweekly', 'fortnightly', 'yearly', 'annually', 'quarterly'].includes(lower)) {
      return fail(`Digests are weekly or daily; ${quote(word)} is not available.`);
    }
    const on = /^on:(.*)$/.exec(lower);
    if (on && !(WEEKDAY_WORDS[on[1]!] ?? WEEKDAY_WORDS[on[1]!.replace(/s$/, '')])) {
      return fail(`${quote(word)} is not a day of the week: ${WEEKDAY_HINT}.`);
    }
    const dayWord = on ? on[1]! : lower;
    const day = WEEKDAY_WORDS[dayWord.replace(/s$/, '')] ?? WEEKDAY_WORDS[dayWord];
    if (day) {
      const next = units[i + 1];
      if (!on && next && !next.quoted && mayNameCompany(word, next.text, catalog)) {
        const both = `${word} ${next.text}`;
        return fail(
          `${quote(both)}: is ${quote(word)} the day of the digest or part of a company’s name? ` +
            `To watch the company, put its name in quotes (${escapeMrkdwn(`"${both}"`)}); for the day, write on:${day}.`,
        );
      }
      if (weekday && weekday !== day) return fail(`Give one day of the week (got two). A weekly digest runs once a week.`);
      weekday = day;
      filterWords.push(null);
      continue;
    }
    const year = /^(?:19|20)(\d{2})$/.exec(word);
    if (year) {
      const asTime = timeOfDay(`${word.slice(0, 2)}:${year[1]}`);
      return fail(`${DATES_ARE_NOT_FILTERS}${asTime?.ok ? ` For a time of day, write ${word.slice(0, 2)}:${year[1]}.` : ''}`);
    }
    const t = timeOfDay(word);
    if (t) {
      if (!t.ok) return fail(`${quote(word)} is not a time of day: ${TIME_HINT}.`);
      if (time && (time.hour !== t.hour || time.minute !== t.minute)) return fail('Give one time of day (got two).');
      time = { hour: t.hour, minute: t.minute };
      filterWords.push(null);
      continue;
    }
    if (word.includes('/') || ['utc', 'gmt', 'z'].includes(lower)) {
      const zone = ['utc', 'gmt', 'z'].includes(lower) ? 'UTC' : canonicalTimeZone(word);
      if (!zone) return fail(`${quote(word)} is not a time zone I know: ${TZ_HINT}.`);
      if (timeZone && timeZone !== zone) return fail('Give one time zone (got two).');
      timeZone = zone;
      filterWords.push(null);
      continue;
    }
    if (lower in ZONE_ABBREVIATIONS && !knownToCatalog(word, catalog)) {
      const likely = ZONE_ABBREVIATIONS[lower];
      return fail(
        `${quote(word)} is a time-zone abbreviation, and those are ambiguous (IST is India, Israel or Ireland) and miss ` +
          `daylight-saving changes${likely ? ` (for ${escapeMrkdwn(word)}, probably ${likely})` : ''}: ${TZ_HINT}.`,
      );
    }
    if (/^(?:utc|gmt)[+\-−]\d{1,2}(?::?\d{2})?$/.test(lower)) {
      return fail(`${quote(word)} is a fixed offset, which misses daylight-saving changes: ${TZ_HINT}.`);
    }
    const empty = /^(?:empty|if-empty|when-empty):(.*)$/.exec(lower);
    if (empty) {
      const value = empty[1];
      if (value === 'line' || value === 'post' || value === 'say') ifEmpty = 'line';
      else if (value === 'skip' || value === 'none' || value === 'nothing') ifEmpty = 'skip';
      else return fail(`${quote(word)}: use empty:line (post one short line when nothing is new) or empty:skip (post nothing).`);
      filterWords.push(null);
      continue;
    }
    if (looksLikeScheduleProse(lower) && !knownToCatalog(word, catalog)) {
      scheduleProse.push(word);
      filterWords.push(null);
      continue;
    }
    if (looksLikeWeekday(lower) && !knownToCatalog(word, catalog)) return fail(`${quote(word)} is not a day of the week: ${WEEKDAY_HINT}.`);
    filterWords.push(SEPARATORS.has(lower) ? null : unit);
  }
  if (scheduleProse.length > 0) return fail(scheduleProseError(scheduleProse));

  if (cadence === 'daily' && weekday) {
    return fail(`A daily digest runs every day, so leave out ${quote(weekday)} — or use weekly.`);
  }
  const filters = parseFilters(filterWords, catalog);
  if (!filters.ok) return filters;
  return {
    ok: true,
    request: {
      action: 'subscribe',
      ...(channel ? { channel } : {}),
      cadence: cadence ?? 'weekly',
      weekday: weekday ?? 'mon',
      hour: time?.hour ?? 9,
      minute: time?.minute ?? 0,
      ...(timeZone ? { timeZone } : {}),
      ifEmpty: ifEmpty ?? 'skip',
      filters: filters.filters,
    },
  };
}

function parseFilters(words: Array<Unit | null>, catalog: Catalog): { ok: true; filters: DigestFilters } | { ok: false; error: string } {
  // A quoted name is one company's, as typed, and is read on its own below: its words are no
  // filters ("Discovery Labs" is no stage filter, "Oncology Partners" no area).
  const text = words
    .filter((w): w is Unit => w !== null && !w.quoted)
    .map((w) => w.text)
    .join(' ');
  const quoted = words.filter((w): w is Unit => w?.quoted === true);
  const filters: DigestFilters = { parties: [], areas: [], types: [], stages: [], minValueUsd: undefined };
  if (!text && quoted.length === 0) return { ok: true, filters };
  const result = catalog.index.read(text);
  if (result.filters.since || result.filters.years.length > 0 || result.filters.unreadDates) {
    return { ok: false, error: DATES_ARE_NOT_FILTERS };
  }
  if (result.filters.notCompared) {
    return {
      ok: false,
      error: `${quote(result.filters.notCompared)}: a minimum value is in US dollars (\`>1b\`); deal values are never converted between currencies.`,
    };
  }
  const parties: WatchedParty[] = [];
  const addParty = (party: WatchedParty) => {
    if (!parties.some((p) => p.key === party.key)) parties.push(party);
  };
  const addKnown = (terms: readonly ResolvedTerm[]) => {
    for (const term of terms) {
      for (const key of term.parties) {
        const name = catalog.index.party(key)?.name ?? key;
        addParty({ name, key: partyKey(name), known: true });
      }
    }
  };
  addKnown(result.terms);
  // Words that matched nothing are companies the catalogue does not know yet: neighbouring ones
  // form one name ("eli lilly"), and anything that was a schedule word or separator splits them.
  // A quoted name is one name as typed, corporate words and all ("sun pharma").
  const unknown = new Set(result.unknown.map((w) => normalize(w)));
  /** True for words the catalogue ignores ("of", "the", "Inc"): no company, area, type or value. */
  const addsNothing = (text: string) => {
    const r = catalog.index.read(text);
    return r.terms.length === 0 && r.unknown.length === 0 && !addsFilter(r) && r.filters.minValue === undefined;
  };
  const watchByName = (name: string) => {
    if (partyKey(name)) addParty({ name, key: partyKey(name), known: false });
  };
  /**
   * An unquoted name that no company has but deal titles do ("YS2302018", an asset's code) would
   * be watched as a company that never comes: said instead (see TITLE_WORDS). Before the title
   * words are indexed (a few seconds after a start), such a name is watched as before.
   */
  let inTitles: { name: string; deals: number } | undefined;
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) {
      const name = run.join(' ').replace(/^["'“]+|["'”]+$/g, '');
      const words = tokens(name);
      const deals = words.length > 0 ? (catalog.titleWords?.dealsWithAll(words).length ?? 0) : 0;
      if (deals > 0) inTitles ??= { name, deals };
      else watchByName(name);
    }
    run = [];
  };
  /** Adds a word to the name being read; a comma or semicolon after it ends the name ("eli lilly, pfizer"). */
  const extendRun = (text: string) => {
    const bare = text.replace(/[,;]+$/, '');
    if (bare) run.push(bare);
    if (bare !== text) flush();
  };
  for (const word of words) {
    const parts = word === null ? [] : tokens(word.text);
    if (word?.quoted) {
      flush();
      // A company the catalogue knows by that whole name (or alias) is watched as known; any
      // other ("Ono of Japan", "Discovery Labs") by name.
      const alone = catalog.index.read(word.text);
      if (addsNothing(word.text)) return { ok: false, error: `${quote(word.text)} ${NO_FILTER}` };
      if (alone.terms.length > 0 && alone.unknown.length === 0 && !addsFilter(alone) && alone.filters.minValue === undefined) addKnown(alone.terms);
      else watchByName(word.text);
    } else if (word !== null && parts.length > 0 && parts.every((p) => unknown.has(p) || unknown.has(normalize(word.text)))) {
      extendRun(word.text);
    } else if (word !== null && run.length > 0 && parts.length > 0 && parts.every((p) => CORPORATE_WORDS.has(p) && p !== 'the')) {
      // "ono pharma": the search drops corporate words, but they are part of the name as typed.
      extendRun(word.text);
    } else flush();
  }
  flush();
  if (inTitles) {
    const { name, deals } = inTitles;
    const where = deals === 1 ? 'a deal has it in its title' : `${deals.toLocaleString('en-US')} deals have it in their titles`;
    return { ok: false, error: `${quote(name)} names no company in the catalogue, but ${where}. ${TITLE_WORDS}` };
  }
  if (parties.length === 0 && !addsFilter(result) && result.filters.minValue === undefined) {
    // Filter words that add no filter would make a filtered digest silently bring every deal.
    return { ok: false, error: `${quote(text)} ${NO_FILTER}` };
  }
  filters.parties = parties;
  filters.areas = result.filters.topics;
  filters.types = result.filters.types as DealType[];
  filters.stages = result.filters.stages;
  filters.minValueUsd = result.filters.minValue;
  return { ok: true, filters };
}

