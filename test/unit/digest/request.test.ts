import path from 'node:path';
import { Catalog, loadCatalog } from '../../../src/deals/catalog';
import { partyKey } from '../../../src/services/digest';
import { parseDigestRequest, type SubscribeRequest } from '../../../src/services/digest-request';
import { digestFiltersSchema } from '../../../src/services/subscriptions';
import { makeDeal } from '../../helpers/deal-factory';

const catalog = loadCatalog(path.resolve(__dirname, '..', '..', '..', 'seeds', 'deals'));

function subscribe(text: string): SubscribeRequest {
  const r = parseDigestRequest(`subscribe ${text}`, catalog);
  if (!r.ok) throw new Error(`expected a request, got: ${r.error}`);
  if (r.request.action !== 'subscribe') throw new Error(`expected subscribe, got ${r.request.action}`);
  return r.request;
}

function error(text: string): string {
  const r = parseDigestRequest(text, catalog);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  return r.error;
}

describe('sub-commands', () => {
  it.each([
    ['', 'help'],
    ['help', 'help'],
    ['list', 'list'],
    ['LIST', 'list'],
    ['unsubscribe', 'unsubscribe'],
    ['preview', 'preview'],
    ['now', 'now'],
    ['resume', 'resume'],
  ])('%j → %s', (text, action) => {
    const r = parseDigestRequest(text, catalog);
    expect(r).toMatchObject({ ok: true, request: { action } });
  });

  it('names what is accepted for an unknown sub-command', () => {
    expect(error('subscirbe weekly')).toMatch(/“subscirbe”.*subscribe, list, preview, now, unsubscribe or resume/);
  });

  it('quotes a long word cut short, never through an emoji', () => {
    expect(error('😀'.repeat(40))).toBe(`I don’t know the digest command “${'😀'.repeat(29)}…”: use subscribe, list, preview, now, unsubscribe or resume (or help).`);
  });

  it('takes a channel (escaped mention or id) and nothing else after the other sub-commands', () => {
    expect(parseDigestRequest('list <#C0OTHER|bd-other>', catalog)).toMatchObject({ ok: true, request: { action: 'list', channel: 'C0OTHER' } });
    expect(parseDigestRequest('now C0123456789', catalog)).toMatchObject({ ok: true, request: { action: 'now', channel: 'C0123456789' } });
    expect(error('list everything')).toMatch(/takes no other words/);
  });

  it.each(['GALAPAGOS', 'GENENTECH', 'CELLTRION'])('watches %s typed in capitals as a company, not as a channel id', (name) => {
    const r = subscribe(name);
    expect(r.channel).toBeUndefined();
    expect(r.filters.parties).toEqual([{ name, key: partyKey(name), known: false }]);
  });

  it.each(['list #bd-news', 'now #bd-news', 'subscribe #bd-news weekly', 'subscribe weekly #other-channel'])(
    'refuses a channel name (%j), saying to pick the channel or give its ID, instead of reading it as a filter',
    (text) => {
      expect(error(text)).toMatch(/“#[a-z-]+” is a channel name, which I can’t look up: .*<#C…>.*its ID, e\.g\. `C0123ABCD`/);
    },
  );
});

describe('subscribe: schedule', () => {
  it('defaults to weekly on Monday at 09:00, the zone left to the subscriber’s Slack profile', () => {
    expect(subscribe('')).toEqual({
      action: 'subscribe',
      cadence: 'weekly',
      weekday: 'mon',
      hour: 9,
      minute: 0,
      ifEmpty: 'skip',
      filters: { parties: [], areas: [], types: [], stages: [], minValueUsd: undefined },
    });
  });

  it('reads cadence, day, time and zone in any order', () => {
    expect(subscribe('America/New_York 17:30 friday weekly')).toMatchObject({
      cadence: 'weekly',
      weekday: 'fri',
      hour: 17,
      minute: 30,
      timeZone: 'America/New_York',
    });
    expect(subscribe('daily 7:05 utc')).toMatchObject({ cadence: 'daily', hour: 7, minute: 5, timeZone: 'UTC' });
    expect(subscribe('tues 5:30pm europe/london')).toMatchObject({ weekday: 'tue', hour: 17, minute: 30, timeZone: 'Europe/London' });
    expect(subscribe('12am')).toMatchObject({ hour: 0, minute: 0 });
    expect(subscribe('empty:line')).toMatchObject({ ifEmpty: 'line' });
  });

  it.each([
    ['25:00', /“25:00” is not a time of day: use HH:MM on the 24-hour clock, 00:00–23:59/],
    ['9:75', /“9:75” is not a time of day/],
    ['13pm', /“13pm” is not a time of day/],
    ['0900', /“0900” is not a time of day/],
    ['Mars/Olympus', /“Mars\/Olympus” is not a time zone I know: use an IANA time zone name such as Europe\/London/],
    ['funday', /“funday” is not a day of the week: use mon, tue, wed, thu, fri, sat or sun/],
    ['thursdy', /“thursdy” is not a day of the week/],
    ['monthly', /weekly or daily/],
    ['daily mon', /daily digest runs every day/],
    ['weekly daily', /either weekly or daily/],
    ['mon fri', /one day of the week/],
    ['empty:maybe', /empty:line .* or empty:skip/],
    ['since:2025-01', /not digest filters/],
    ['2024', /^Dates \(`since:`, a year\) are not digest filters/],
    ['2030', /not digest filters.*For a time of day, write 20:30\./],
    ['<@U0BOB|bob> oncology', /“&lt;@U0BOB\|bob&gt;” is a mention or a link: digests follow companies/],
  ])('rejects %j, saying what is accepted', (text, message) => {
    expect(error(`subscribe ${text}`)).toMatch(message);
  });
});

describe('subscribe: words that could be schedule or filter', () => {
  it.each(['EST', 'pst', 'CET', 'BST', 'IST', 'AEST'])('refuses the time-zone abbreviation %s with the IANA hint, instead of watching a company', (zone) => {
    expect(error(`subscribe daily 09:00 ${zone}`)).toMatch(
      new RegExp(`“${zone}” is a time-zone abbreviation.*: use an IANA time zone name such as Europe/London, America/New_York`),
    );
  });

  it('names the likely zone for the common abbreviations, and refuses fixed offsets', () => {
    expect(error('subscribe 09:00 EST')).toContain('(for EST, probably America/New_York)');
    expect(error('subscribe 09:00 UTC+2')).toMatch(/“UTC\+2” is a fixed offset.*: use an IANA time zone name/);
  });

  it.each([
    ['sun pharma', 'sun', 'sun'],
    ['weekly Sun Pharma 08:00', 'Sun', 'sun'],
    ['fri labs', 'fri', 'fri'],
  ])('asks whether the day in %j is the day or part of a company, instead of dropping the rest', (text, day, code) => {
    expect(error(`subscribe ${text}`)).toMatch(
      new RegExp(`is “${day}” the day of the digest or part of a company’s name\\? To watch the company, put its name in quotes \\(".+"\\); for the day, write on:${code}\\.`),
    );
  });

  it('asks too when the day and the next word name a company in the catalogue', () => {
    const withSunrise = new Catalog([...catalog.ids.map((id) => catalog.get(id)!), makeDeal({ id: 'sunrise', parties: ['Sun Rise Medical', 'AstraZeneca'] })]);
    const r = parseDigestRequest('subscribe sun rise', withSunrise);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/is “sun” the day of the digest or part of a company’s name\?/) });
    // A day followed by a filter word is still a day.
    expect(parseDigestRequest('subscribe sun oncology', withSunrise)).toMatchObject({ ok: true, request: { weekday: 'sun', filters: { areas: ['oncology'] } } });
  });

  it('reads a quoted name as a company and on:<day> as the day', () => {
    expect(subscribe('on:sun "sun pharma"')).toMatchObject({
      weekday: 'sun',
      filters: { parties: [{ name: 'sun pharma', key: 'sun', known: false }] },
    });
    expect(subscribe('“Sun Pharma” daily 08:00')).toMatchObject({
      cadence: 'daily',
      weekday: 'mon',
      filters: { parties: [{ name: 'Sun Pharma', key: 'sun', known: false }] },
    });
    expect(subscribe('"astrazeneca" on:friday')).toMatchObject({ weekday: 'fri', filters: { parties: [{ name: 'AstraZeneca', known: true }] } });
    expect(subscribe('sun 08:00 oncology')).toMatchObject({ weekday: 'sun', hour: 8, filters: { areas: ['oncology'] } });
    expect(error('subscribe on:funday')).toMatch(/“on:funday” is not a day of the week: use mon, tue/);
  });
});

describe('subscribe: a schedule in words it does not read', () => {
  it.each([
    ['every day at 8', '“every”, “day”, “at” and “8”'],
    ['daily at 8am', '“at”'],
    ['9 am', '“9” and “am”'],
    ['8:00 AM', '“AM”'],
    ['tomorrow', '“tomorrow”'],
    ['at 9am on fridays', '“at” and “on”'],
    ['every friday', '“every”'],
    ['astrazeneca every morning', '“every” and “morning”'],
    ['9.30am', '“9.30am”'],
    ['fri. 09:00', '“fri.”'],
    ['Friday, 09:00', '“Friday,”'],
    ['thursday-ish', '“thursday-ish”'],
  ])('refuses %j, naming %s and the form to type, instead of watching a company', (text, words) => {
    expect(error(`subscribe ${text}`)).toContain(
      `I can’t read ${words} in a schedule. Write it as \`daily 08:00\` or \`weekly fri 09:00\`: weekly or daily, a day for a weekly digest (mon, tue, wed, thu, fri, sat or sun, or on:fri), a time of day as one word (HH:MM on the 24-hour clock, or 9am / 5:30pm`,
    );
  });

  it('names each word once, and at most 8 of them', () => {
    expect(error(`subscribe at 8 ${'at 8 '.repeat(200)}`)).toMatch(/^I can’t read “at” and “8” in a schedule\./);
    const many = 'every day at 8 on mon. tue. wed. thu. fri. sat. sun. tomorrow';
    expect(error(`subscribe ${many}`)).toMatch(/^I can’t read “every”, “day”, “at”, “8”, “on”, “mon\.”, “tue\.”, “wed\.” and 5 more in a schedule\./);
  });

  it('says what noon and midnight are, and how to watch a company named with such a word', () => {
    expect(error('subscribe noon')).toContain('(HH:MM on the 24-hour clock, or 9am / 5:30pm; noon is 12:00)');
    expect(error('subscribe daily midnight')).toContain('; midnight is 00:00)');
    expect(error('subscribe day one bio')).toMatch(/To watch a company with such a word in its name, put the name in double quotes \(e\.g\. "Day One Bio"\)\.$/);
  });

  it('still watches new companies, quoted names with schedule words, and companies the catalogue knows by such a word', () => {
    expect(subscribe('eli lilly fridays 17:00')).toMatchObject({ weekday: 'fri', hour: 17, filters: { parties: [{ name: 'eli lilly', known: false }] } });
    expect(subscribe('"Day One Bio" daily 08:00')).toMatchObject({ cadence: 'daily', hour: 8, filters: { parties: [{ name: 'Day One Bio', known: false }] } });
    const withNoon = new Catalog([...catalog.ids.map((id) => catalog.get(id)!), makeDeal({ id: 'noon', parties: ['Noon Therapeutics', 'AstraZeneca'] })]);
    expect(parseDigestRequest('subscribe noon daily', withNoon)).toMatchObject({
      ok: true,
      request: { cadence: 'daily', filters: { parties: [{ name: 'Noon Therapeutics', known: true }] } },
    });
  });
});

describe('subscribe: filters', () => {
  it('resolves company names and aliases to the catalogue’s names', () => {
    const { filters } = subscribe('weekly AZ cspc pharma');
    expect(filters.parties).toEqual([
      { name: 'AstraZeneca', key: 'astrazeneca', known: true },
      { name: 'CSPC Pharmaceutical Group', key: 'cspc', known: true },
    ]);
  });

  it('watches companies the catalogue does not know yet by name, keeping multi-word names together', () => {
    const { filters } = subscribe('astrazeneca, eli lilly or pfizer mon');
    expect(filters.parties).toEqual([
      { name: 'AstraZeneca', key: 'astrazeneca', known: true },
      { name: 'eli lilly', key: 'elililly', known: false },
      { name: 'pfizer', key: 'pfizer', known: false },
    ]);
  });

  it('keeps a new company’s corporate words in its name as typed, and still matches it by its core words', () => {
    expect(subscribe('ono pharma').filters.parties).toEqual([{ name: 'ono pharma', key: 'ono', known: false }]);
    expect(subscribe('ono pharma, pfizer inc weekly').filters.parties).toEqual([
      { name: 'ono pharma', key: 'ono', known: false },
      { name: 'pfizer inc', key: 'pfizer', known: false },
    ]);
    expect(subscribe('eli lilly, pfizer').filters.parties.map((p) => p.name)).toEqual(['eli lilly', 'pfizer']);
    // A corporate word on its own starts no name.
    expect(subscribe('astrazeneca pharma').filters.parties).toEqual([{ name: 'AstraZeneca', key: 'astrazeneca', known: true }]);
  });

  it('reads areas, deal types and a minimum value', () => {
    const { filters } = subscribe('oncology licence >1b');
    expect(filters.areas).toEqual(['oncology']);
    expect(filters.types).toEqual(['licence']);
    expect(filters.minValueUsd).toBe(1_000_000_000);
  });

  it('watches a quoted name with filler words in it by name, rather than following every deal', () => {
    expect(subscribe('"Ono of Japan"').filters.parties).toEqual([{ name: 'Ono of Japan', key: partyKey('Ono of Japan'), known: false }]);
  });

  it.each([
    ['"Inc"', /^“Inc” is not a filter: it names no company, area, deal type, stage or minimum value/],
    ['"of the"', /^“of the” is not a filter/],
    ['of', /^“of” is not a filter/],
    ['daily the', /^“the” is not a filter/],
    ['"Inc" oncology', /^“Inc” is not a filter/],
    ['<mailto:bob@x.com|bob@x.com>', /^“&lt;mailto:bob@x\.com\|bob@x\.com&gt;” is a mention or a link: digests follow companies/],
    ['<tel:+15551234|call> pfizer', /is a mention or a link/],
    ['"<mailto:bob@x.com|bob@x.com>"', /^“&lt;mailto:bob@x\.com\|bob@x\.com&gt;” is a mention or a link/],
    ['"<@U0BOB|bob>"', /^“&lt;@U0BOB\|bob&gt;” is a mention or a link/],
    ['"acme <!here>"', /^“acme &lt;!here&gt;” is a mention or a link/],
    ['<http://acme.com|acme.com>', /^“&lt;http:\/\/acme\.com\|acme\.com&gt;” is a mention or a link/],
    ['daily <https://acme.com/bio|acme>', /is a mention or a link/],
  ])('refuses %j, which adds no filter, instead of silently following every deal', (text, message) => {
    expect(error(`subscribe ${text}`)).toMatch(message);
  });

  it('refuses a minimum in another currency rather than read it as dollars', () => {
    expect(error('subscribe oncology >€1b')).toBe('“&gt;€1b”: a minimum value is in US dollars (`>1b`); deal values are never converted between currencies.');
  });
});

describe('words that are names of JavaScript object properties', () => {
  it('are read as the words they are, not as a command, a weekday or a time zone', () => {
    expect(error('constructor')).toContain('I don’t know the digest command “constructor”');
    expect(error('subscribe weekly on:constructor')).toContain('is not a day of the week');
    // Not a weekday (the digest would have been saved with none, and never run): a company to watch.
    const r = subscribe('weekly constructor 09:00');
    expect(r.weekday).toBe('mon');
    expect(r.filters.parties).toEqual([{ name: 'constructor', key: 'constructor', known: false }]);
    expect(subscribe('daily 09:00 hasOwnProperty').filters.parties.map((p) => p.name)).toEqual(['hasOwnProperty']);
  });
});

describe('stage filters', () => {
  it('reads stage words as the stage filter, and refuses none of them as adding nothing', () => {
    expect(subscribe('weekly preclinical').filters.stages).toEqual(['preclinical']);
    expect(subscribe('weekly oncology phase ii phase 3').filters).toMatchObject({ areas: ['oncology'], stages: ['phase_2', 'phase_3'] });
    expect(subscribe('weekly').filters.stages).toEqual([]);
  });

  it('reads phases however they are written, ranges as either phase, and refuses "phase" with no number', () => {
    for (const text of ['weekly phase 2/3', 'weekly phase 2, phase 3', 'weekly Phase II/III.', 'daily 09:00 phase 2 phase 3']) {
      expect([text, subscribe(text).filters.stages]).toEqual([text, ['phase_2', 'phase_3']]);
    }
    expect(subscribe('weekly phase 2b fri 9am')).toMatchObject({ weekday: 'fri', hour: 9, filters: { stages: ['phase_2'], parties: [] } });
    expect(subscribe('weekly phase 2 and 3 oncology').filters).toMatchObject({ stages: ['phase_2', 'phase_3'], areas: ['oncology'], parties: [] });
    expect(subscribe('weekly phase 1 to 2').filters).toMatchObject({ stages: ['phase_1', 'phase_2'], parties: [] });
    // Not a company called "phase", "ph" or "stage".
    for (const text of ['subscribe weekly oncology phase', 'subscribe weekly oncology ph', 'subscribe weekly phase. oncology']) expect(error(text)).toContain('needs its number');
    expect(subscribe('weekly preclinical stage').filters).toMatchObject({ parties: [], stages: ['preclinical'] });
  });

  it('asks whether a stage word before a company word is the stage or part of a name', () => {
    expect(error('subscribe weekly discovery labs')).toContain('“discovery labs”: is “discovery” the stage at signing or part of a company’s name?');
    expect(subscribe('weekly "discovery labs"').filters).toMatchObject({ parties: [{ name: 'discovery labs', known: false }], stages: [] });
  });

  it('watches a quoted name as a company, never reading its words as filters', () => {
    expect(subscribe('weekly "Discovery Labs"').filters).toMatchObject({ parties: [{ name: 'Discovery Labs', known: false }], stages: [] });
    expect(subscribe('weekly "Oncology Partners" preclinical').filters).toMatchObject({
      parties: [{ name: 'Oncology Partners', known: false }],
      areas: [],
      stages: ['preclinical'],
    });
    // A name the catalogue knows, or knows misspelt, is watched as that company.
    expect(subscribe('weekly "astrazenca"').filters.parties).toEqual([{ name: 'AstraZeneca', key: 'astrazeneca', known: true }]);
  });

  it('still reads a subscription saved before there were stage filters', () => {
    const saved = { parties: [], areas: ['oncology'], types: [] };
    expect(digestFiltersSchema.parse(saved)).toEqual({ ...saved, stages: [] });
  });
});

describe('words of deal titles', () => {
  // The bot indexes title words a few seconds after a catalogue is in service.
  const titled = loadCatalog(path.resolve(__dirname, '..', '..', '..', 'seeds', 'deals'));
  beforeAll(() => titled.buildTitleWords());
  const parse = (text: string) => parseDigestRequest(`subscribe ${text}`, titled);

  it('refuses a word that names no company but is in a deal title, rather than follow a company that never comes', () => {
    for (const text of ['YS2302018', 'weekly YS2302018', 'astrazeneca YS2302018 daily 08:00']) {
      expect(parse(text)).toEqual({
        ok: false,
        error:
          '“YS2302018” names no company in the catalogue, but a deal has it in its title. `/deal` finds deals by words of their titles; a digest follows companies, areas, deal types, stages and values. ' +
          'If it is a company with no deal here yet, put its name in quotes to follow it.',
      });
    }
  });

  it('follows such a name as a company when it is quoted, and names that are in no title as before', () => {
    expect(parse('"YS2302018" weekly')).toMatchObject({ ok: true, request: { filters: { parties: [{ name: 'YS2302018', key: partyKey('YS2302018'), known: false }] } } });
    expect(parse('GALAPAGOS')).toMatchObject({ ok: true, request: { filters: { parties: [{ name: 'GALAPAGOS', known: false }] } } });
  });

  it('says how many deals have the words in their titles', async () => {
    const orion = new Catalog(['Orion Bio — licence to ORX-7', 'Orion Bio — ORX-7 extension', 'Orion Bio — platform'].map((title, n) => makeDeal({ id: `o-${n}`, parties: ['Orion Bio'], title })));
    await orion.buildTitleWords();
    expect(parseDigestRequest('subscribe ORX-7', orion)).toMatchObject({ ok: false, error: expect.stringMatching(/^“ORX-7” names no company in the catalogue, but 2 deals have it in their titles\./) });
  });

  it('follows the name as a company while title words are still being indexed', () => {
    // `catalog` (above) has not indexed them.
    expect(catalog.titleWords).toBeUndefined();
    expect(subscribe('YS2302018').filters.parties).toEqual([{ name: 'YS2302018', key: partyKey('YS2302018'), known: false }]);
  });
});
