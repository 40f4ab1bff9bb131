/**
 * When a digest is due, in the subscription's own time zone, with the Intl APIs only.
 *
 * A schedule is a wall-clock time ("Monday 09:00 in Europe/London"), not a fixed interval: across
 * a daylight-saving change the instant moves (09:00 GMT = 09:00Z, 09:00 BST = 08:00Z) and the
 * post still lands at 09:00 on the channel's clocks. Wall-clock times that do not exist (the hour
 * skipped in spring) run that much later, and ones that happen twice (autumn) run at the first —
 * the "compatible" rule of Temporal and of most calendars.
 *
 * Slots: every scheduled instant is a slot. The post for slot S covers the period that ends at S.
 * The job only ever looks at the most recent slot (`latestSlot`), which is what makes catch-up
 * post once however many slots were missed.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export type Cadence = 'weekly' | 'daily';

export interface DigestSchedule {
  cadence: Cadence;
  /** Weekly digests only; ignored for daily ones. */
  weekday: Weekday;
  hour: number;
  minute: number;
  /** Canonical IANA name, e.g. "Europe/London" or "UTC". */
  timeZone: string;
}

/** A calendar date with no time zone attached. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface Slot {
  /** The scheduled instant (ms since the epoch). */
  at: number;
  /** The local date of the slot in the schedule's time zone. */
  date: CivilDate;
  /** Stable name of the period this slot closes, e.g. "weekly:2026-11-16". */
  key: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical name of an IANA time zone ("europe/london" → "Europe/London"), or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export interface LocalTime extends CivilDate {
  hour: number;
  minute: number;
  second: number;
}

/**
 * Readings already made: a digest run asks the same few (slot, zone) pairs for every channel,
 * and Intl's formatToParts was ~40% of rendering a channel's digest. Pure, so never stale.
 */
const readings = new Map<string, LocalTime>();
const READINGS_KEPT = 4096;

/** The wall-clock reading of `instant` in `timeZone`. */
export function localTime(instant: number, timeZone: string): LocalTime {
  const key = `${timeZone} ${instant}`;
  const known = readings.get(key);
  if (known) return { ...known };
  const reading = readLocalTime(instant, timeZone);
  if (readings.size >= READINGS_KEPT) readings.clear();
  readings.set(key, reading);
  return { ...reading };
}

function readLocalTime(instant: number, timeZone: string): LocalTime {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour! % 24,
    minute: out.minute!,
    second: out.second!,
  };
}

/** UTC offset of `timeZone` at `instant`, in ms (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const t = localTime(instant, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which clocks in `timeZone` read `date` `hour:minute`. A time skipped by a
 * daylight-saving change resolves to the instant that far after the change (01:30 on the spring
 * change in London → 02:30 BST); a time that happens twice resolves to the first.
 */
export function zonedInstant(date: CivilDate, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Offsets a day either side: zones change offset at most once in such a window.
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const matches = (instant: number) => {
    const t = localTime(instant, timeZone);
    return t.year === date.year && t.month === date.month && t.day === date.day && t.hour === hour && t.minute === minute;
  };
  const candidates = [wall - before, wall - after].filter(matches);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: CivilDate): Weekday {
  // getUTCDay: 0 = Sunday.
  return WEEKDAYS[(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7]!;
}

/** "2026-11-16" */
export function isoDate(date: CivilDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function slotOn(schedule: DigestSchedule, date: CivilDate): Slot {
  return {
    at: zonedInstant(date, schedule.hour, schedule.minute, schedule.timeZone),
    date,
    key: `${schedule.cadence}:${isoDate(date)}`,
  };
}

function runsOn(schedule: DigestSchedule, date: CivilDate): boolean {
  return schedule.cadence === 'daily' || weekdayOf(date) === schedule.weekday;
}

/** The most recent slot at or before `now`. */
export function latestSlot(schedule: DigestSchedule, now: number): Slot {
  const today = localTime(now, schedule.timeZone);
  // Eight days back always reaches a slot: a week, plus a day for a late-shifted instant.
  for (let back = 0; back <= 8; back++) {
    const date = addDays(today, -back);
    if (!runsOn(schedule, date)) continue;
    const slot = slotOn(schedule, date);
    if (slot.at <= now) return slot;
  }
  throw new Error(`no digest slot found before ${new Date(now).toISOString()}`);
}

/** The first slot strictly after `now`. */
export function nextSlot(schedule: DigestSchedule, now: number): Slot {
  const today = localTime(now, schedule.timeZone);
  for (let ahead = -1; ahead <= 8; ahead++) {
    const date = addDays(today, ahead);
    if (!runsOn(schedule, date)) continue;
    const slot = slotOn(schedule, date);
    if (slot.at > now) return slot;
  }
  throw new Error(`no digest slot found after ${new Date(now).toISOString()}`);
}

/** The slot before `slot`. */
export function previousSlot(schedule: DigestSchedule, slot: Slot): Slot {
  return latestSlot(schedule, slot.at - 1);
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "16 Nov 2026" */
export function formatCivilDate(date: CivilDate): string {
  return `${date.day} ${SHORT_MONTHS[date.month - 1]} ${date.year}`;
}

/** "09:00" */
export function formatClock(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/**
 * "GMT", "BST", "EST", "CET"… — each locale knows the abbreviations of its own region only
 * (en-US writes BST as "GMT+1", en-GB writes EST as "GMT-5"), so take the first that has a name.
 */
function zoneAbbreviation(instant: number, timeZone: string): string {
  let fallback: string | undefined;
  for (const locale of ['en-GB', 'en-US', 'en-IN', 'en-AU']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(instant))
      .find((p) => p.type === 'timeZoneName')?.value;
    if (!name) continue;
    if (!/^(GMT|UTC)[+-−]/.test(name)) return name;
    fallback ??= name;
  }
  return fallback ?? timeZone;
}

/** "Mon 16 Nov 2026, 09:00 GMT" — an instant as read in `timeZone`. */
export function formatInstant(instant: number, timeZone: string): string {
  const t = localTime(instant, timeZone);
  const zone = zoneAbbreviation(instant, timeZone);
  const weekday = WEEKDAY_NAMES[weekdayOf(t)].slice(0, 3);
  return `${weekday} ${formatCivilDate(t)}, ${formatClock(t.hour, t.minute)} ${zone}`;
}

/** "every Monday at 09:00 (Europe/London)" / "every day at 07:30 (UTC)" */
export function describeSchedule(schedule: DigestSchedule): string {
  const when = schedule.cadence === 'daily' ? 'every day' : `every ${WEEKDAY_NAMES[schedule.weekday]}`;
  return `${when} at ${formatClock(schedule.hour, schedule.minute)} (${schedule.timeZone})`;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: CivilDate): CivilDate {
  return addDays(date, -WEEKDAYS.indexOf(weekdayOf(date)));
}
