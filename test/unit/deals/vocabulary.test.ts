/**
 * The date reader is read by position for speed; it must say exactly what the plain definition
 * (a regular expression and Date.UTC) says, problems included, for every input.
 */
import { readPartialDate, type PartialDate } from '../../../src/deals/vocabulary';

const HINT = "expected a date as YYYY-MM-DD, YYYY-MM, YYYY or 'unknown'";

function reference(raw: string | number): PartialDate | { problem: string } {
  const text = String(raw).trim();
  if (text === 'unknown') return { precision: 'unknown' };
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return { problem: `${HINT}, got '${text}'` };
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

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('readPartialDate', () => {
  it('agrees with the plain definition on every day, month and year around the edges', () => {
    const inputs: (string | number)[] = [];
    for (const year of [0, 4, 99, 100, 1900, 1999, 2000, 2023, 2024, 2025, 2100, 9999]) {
      inputs.push(pad(year, 4), year);
      for (let month = 0; month <= 13; month++) {
        inputs.push(`${pad(year, 4)}-${pad(month, 2)}`);
        for (let day = 0; day <= 32; day++) inputs.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
      }
    }
    for (const input of inputs) expect([input, readPartialDate(input)]).toEqual([input, reference(input)]);
    expect(readPartialDate('2024-02-29')).toEqual({ precision: 'day', year: 2024, month: 2, day: 29 });
    expect(readPartialDate('2025-02-29')).toEqual({ problem: 'day 29 does not exist in 2025-02' });
  });

  it.each([
    'unknown', ' unknown ', '', ' ', '2025-1-05', '2025-01-5', '25-01-01', '2025/01/01', '2025-01-01T00:00', '２０２５', '2025-0a', 'x2025',
    ' 2025-06-13 ', '\u00a02025\u00a0', '2025-', '2025--01', '20250', '-2025', '+2025', 'Unknown', '2025.5', '12025-01-01',
  ])('agrees on %j', (input) => {
    expect(readPartialDate(input)).toEqual(reference(input));
  });

  it.each([2025, 2025.5, -1, 0, 1e21, 12345])('agrees on the number %p', (input) => {
    expect(readPartialDate(input)).toEqual(reference(input));
  });
});
