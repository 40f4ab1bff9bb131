import {
  canonicalTimeZone,
  describeSchedule,
  formatInstant,
  latestSlot,
  nextSlot,
  previousSlot,
  zonedInstant,
  type DigestSchedule,
} from '../../../src/services/digest-schedule';
import { digestTitle } from '../../../src/blocks/digest';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);

const london: DigestSchedule = { cadence: 'weekly', weekday: 'mon', hour: 9, minute: 0, timeZone: 'Europe/London' };
const newYork: DigestSchedule = { cadence: 'weekly', weekday: 'mon', hour: 9, minute: 0, timeZone: 'America/New_York' };

describe('weekly slots across daylight-saving changes', () => {
  it('keeps 09:00 on London clocks when BST starts (29 Mar 2026): 09:00Z before, 08:00Z after', () => {
    expect(iso(latestSlot(london, at('2026-03-29T12:00:00Z')).at)).toBe('2026-03-23T09:00:00.000Z');
    expect(iso(nextSlot(london, at('2026-03-29T12:00:00Z')).at)).toBe('2026-03-30T08:00:00.000Z');
    // A minute before the BST slot the previous week's slot is still the latest.
    expect(latestSlot(london, at('2026-03-30T07:59:59Z')).key).toBe('weekly:2026-03-23');
    expect(latestSlot(london, at('2026-03-30T08:00:00Z')).key).toBe('weekly:2026-03-30');
  });

  it('keeps 09:00 on London clocks when BST ends (25 Oct 2026): 08:00Z before, 09:00Z after', () => {
    expect(iso(latestSlot(london, at('2026-10-25T12:00:00Z')).at)).toBe('2026-10-19T08:00:00.000Z');
    expect(iso(nextSlot(london, at('2026-10-25T12:00:00Z')).at)).toBe('2026-10-26T09:00:00.000Z');
    expect(latestSlot(london, at('2026-10-26T08:30:00Z')).key).toBe('weekly:2026-10-19');
  });

  it('keeps 09:00 on New York clocks when EDT starts (8 Mar 2026): 14:00Z before, 13:00Z after', () => {
    expect(iso(nextSlot(newYork, at('2026-03-01T00:00:00Z')).at)).toBe('2026-03-02T14:00:00.000Z');
    expect(iso(nextSlot(newYork, at('2026-03-03T00:00:00Z')).at)).toBe('2026-03-09T13:00:00.000Z');
    const slot = latestSlot(newYork, at('2026-03-09T13:00:00Z'));
    expect(slot.key).toBe('weekly:2026-03-09');
    expect(iso(previousSlot(newYork, slot).at)).toBe('2026-03-02T14:00:00.000Z');
  });

  it('finds the right local day when UTC is already on another date', () => {
    const tokyo: DigestSchedule = { cadence: 'weekly', weekday: 'mon', hour: 8, minute: 0, timeZone: 'Asia/Tokyo' };
    // Monday 16 Nov 2026 08:00 JST is Sunday 15 Nov 23:00Z.
    expect(iso(nextSlot(tokyo, at('2026-11-15T12:00:00Z')).at)).toBe('2026-11-15T23:00:00.000Z');
    expect(latestSlot(tokyo, at('2026-11-15T23:00:00Z')).key).toBe('weekly:2026-11-16');
  });
});

describe('daily slots', () => {
  const daily = (hour: number, minute: number): DigestSchedule => ({ cadence: 'daily', weekday: 'mon', hour, minute, timeZone: 'Europe/London' });

  it('runs every day', () => {
    const s = daily(7, 30);
    expect(latestSlot(s, at('2026-11-18T12:00:00Z')).key).toBe('daily:2026-11-18');
    expect(latestSlot(s, at('2026-11-18T07:29:00Z')).key).toBe('daily:2026-11-17');
    expect(iso(nextSlot(s, at('2026-11-18T07:30:00Z')).at)).toBe('2026-11-19T07:30:00.000Z');
  });

  it('runs a skipped wall-clock time (01:30 on the spring change) an hour later, once', () => {
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 29 }, 1, 30, 'Europe/London'))).toBe('2026-03-29T01:30:00.000Z');
    const s = daily(1, 30);
    expect(latestSlot(s, at('2026-03-29T01:45:00Z')).key).toBe('daily:2026-03-29');
    expect(latestSlot(s, at('2026-03-29T01:15:00Z')).key).toBe('daily:2026-03-28');
  });

  it('runs a repeated wall-clock time (01:30 on the autumn change) at the first one', () => {
    expect(iso(zonedInstant({ year: 2026, month: 10, day: 25 }, 1, 30, 'Europe/London'))).toBe('2026-10-25T00:30:00.000Z');
    const s = daily(1, 30);
    // The second 01:30 (01:30Z) is the same slot, already passed: no second run that day.
    expect(latestSlot(s, at('2026-10-25T01:45:00Z')).key).toBe('daily:2026-10-25');
    expect(nextSlot(s, at('2026-10-25T01:45:00Z')).key).toBe('daily:2026-10-26');
  });
});

describe('time zones and wording', () => {
  it('accepts IANA names in any case and rejects made-up ones', () => {
    expect(canonicalTimeZone('europe/london')).toBe('Europe/London');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalTimeZone('<script>')).toBeUndefined();
  });

  it('says when, in the subscription’s own zone', () => {
    expect(describeSchedule(london)).toBe('every Monday at 09:00 (Europe/London)');
    expect(formatInstant(at('2026-11-16T09:00:00Z'), 'Europe/London')).toBe('Mon 16 Nov 2026, 09:00 GMT');
    expect(formatInstant(at('2026-06-15T08:00:00Z'), 'Europe/London')).toBe('Mon 15 Jun 2026, 09:00 BST');
  });

  it('titles a digest by its week (Monday) or day, in the subscription’s zone', () => {
    expect(digestTitle('weekly', at('2026-11-16T09:00:00Z'), 'Europe/London')).toBe('New partnerships — week of 16 Nov 2026');
    expect(digestTitle('weekly', at('2026-11-20T16:00:00Z'), 'Europe/London')).toBe('New partnerships — week of 16 Nov 2026');
    expect(digestTitle('daily', at('2026-11-16T09:00:00Z'), 'Europe/London')).toBe('New partnerships — 16 Nov 2026');
    // 23:30Z on Sunday is already Monday in Tokyo.
    expect(digestTitle('daily', at('2026-11-15T23:30:00Z'), 'Asia/Tokyo')).toBe('New partnerships — 16 Nov 2026');
  });
});
