import {
  buildDigest,
  buildEmptyDigest,
  buildPreview,
  describeSubscription,
  digestLine,
  MAX_DEALS_IN_MESSAGE,
} from '../../../src/blocks/digest';
import { buildPauseNotice } from '../../../src/blocks/digest-refusal';
import { LIMITS } from '../../../src/blocks/text';
import { CHANNEL_REFUSALS } from '../../../src/services/digest-poster';
import type { Subscription } from '../../../src/services/subscriptions';
import { makeDeal } from '../../helpers/deal-factory';
import { allText, buttons } from '../../helpers/messages';
import { LONDON_MONDAY_9 } from './support';

const none = { parties: [], areas: [], types: [], stages: [] };
const slot = Date.parse('2026-11-16T09:00:00Z');

const azCspc = makeDeal({
  id: 'az-cspc',
  parties: ['AstraZeneca', 'CSPC Pharmaceutical Group'],
  types: ['research_collaboration'],
  announced: '2026-11-12',
  areas: ['oncology', 'immunology', 'rare diseases'],
  value: { total: { amount: '$5.3 billion', qualifier: 'up_to' }, upfront: { amount: '$110 million' } },
});

describe('one compact line per deal', () => {
  it('gives parties, type, headline value, upfront, area and date', () => {
    expect(digestLine(azCspc)).toBe(
      '*AstraZeneca × CSPC Pharmaceutical Group* · research collaboration · value up to $5.3 billion · upfront $110 million · oncology, immunology · 12 Nov 2026\nDeal az-cspc',
    );
  });

  it('says "undisclosed" and "not stated" rather than leaving a blank', () => {
    const undisclosed = makeDeal({ id: 'u', parties: ['A', 'B'], value: { total: 'undisclosed', upfront: 'undisclosed' } });
    expect(digestLine(undisclosed)).toContain('value undisclosed · upfront undisclosed');
    const unstated = makeDeal({ id: 'n', parties: ['A', 'B'] });
    expect(digestLine(unstated)).toContain('value not stated');
    expect(digestLine(unstated)).toContain('date not recorded');
  });

  it('escapes curated text, so a name cannot ping a channel or break the markup', () => {
    const nasty = makeDeal({ id: 'nasty', parties: ['<!channel> & Co', 'B'], title: 'Deal <@U123>', areas: ['<b>'] });
    const line = digestLine(nasty);
    expect(line).toContain('&lt;!channel&gt; &amp; Co');
    expect(line).toContain('Deal &lt;@U123&gt;');
    expect(line).toContain('&lt;b&gt;');
    expect(line).not.toMatch(/<[!@]/);
    const digest = buildDigest({ cadence: 'weekly', timeZone: 'UTC', reference: slot, deals: [nasty], filters: none });
    expect(digest.main.text).not.toMatch(/<[!@]/);
  });
});

describe('the digest message', () => {
  it('has the header, one line and one Open button per deal, and a plain-text fallback', () => {
    const digest = buildDigest({ cadence: 'weekly', timeZone: 'Europe/London', reference: slot, deals: [azCspc], filters: none });
    expect(digest.main.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'New partnerships — week of 16 Nov 2026', emoji: true },
    });
    expect(buttons(digest.main.blocks)).toEqual([{ action_id: 'open_deal', value: 'az-cspc', text: 'Open', block: 2 }]);
    expect(digest.main.text).toBe(
      'New partnerships — week of 16 Nov 2026: 1 new partnership. AstraZeneca × CSPC Pharmaceutical Group (research collaboration; value up to $5.3 billion; upfront $110 million; 12 Nov 2026).',
    );
    expect(digest.replies).toEqual([]);
    expect(digest.mainIds).toEqual(['az-cspc']);
  });

  it('past what one message holds, says "and N more" and carries the rest in thread replies within Slack’s limits', () => {
    const deals = Array.from({ length: 75 }, (_, i) => makeDeal({ id: `d-${i}`, parties: [`Company ${i}`, 'Partner'], announced: '2026-11-12' }));
    const digest = buildDigest({ cadence: 'daily', timeZone: 'UTC', reference: slot, deals, filters: none });
    expect(digest.main.blocks[0]).toMatchObject({ text: { text: 'New partnerships — 16 Nov 2026' } });
    expect(digest.mainIds).toHaveLength(MAX_DEALS_IN_MESSAGE);
    expect(allText(digest.main)).toContain('…and 55 more — in the thread under this message.');
    expect(digest.replyIds.map((ids) => ids.length)).toEqual([40, 15]);
    expect([...digest.mainIds, ...digest.replyIds.flat()]).toEqual(deals.map((d) => d.id));
    for (const m of [digest.main, ...digest.replies]) {
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
      expect(m.text.length).toBeLessThanOrEqual(3000);
    }
    expect(allText(digest.replies[0]!)).toContain('continued (21–60 of 75)');
    expect(buttons(digest.replies[1]!.blocks)).toHaveLength(15);
  });

  it('keeps the fallback text within its limit as sent, escaped: an “&” is five characters there', () => {
    const deals = Array.from({ length: 20 }, (_, i) => makeDeal({ id: `amp-${i}`, parties: [`R&D ${'&'.repeat(100)} ${i}`, 'Partner'] }));
    const digest = buildDigest({ cadence: 'daily', timeZone: 'UTC', reference: slot, deals, filters: none });
    expect(digest.main.text).toContain('&amp;');
    expect(digest.main.text.length).toBeLessThanOrEqual(3000);
    expect(digest.main.text).toMatch(/ and \d+ more\.$/);
  });

  it('has a one-line form for an empty period', () => {
    expect(buildEmptyDigest('weekly', slot, 'Europe/London').text).toBe('New partnerships — week of 16 Nov 2026: nothing new this week.');
  });

  it('previews privately, saying it is a preview and what would go in the thread', () => {
    const deals = Array.from({ length: 25 }, (_, i) => makeDeal({ id: `p-${i}`, parties: [`P${i}`, 'Q'] }));
    const preview = buildPreview(buildDigest({ cadence: 'weekly', timeZone: 'UTC', reference: slot, deals, filters: none }), 'Next: Monday.');
    expect(allText(preview)).toMatch(/\*Preview\* — only you can see this\. Next: Monday\./);
    expect(allText(preview)).toContain('The other 5 would be posted in the thread.');
    expect(allText(buildPreview(undefined, 'Next: Monday.'))).toContain('Nothing new to post right now.');
  });
});

describe('the subscription in words', () => {
  const sub: Subscription = {
    channel: 'C1',
    schedule: LONDON_MONDAY_9,
    filters: {
      parties: [
        { name: 'AstraZeneca', key: 'astrazeneca', known: true },
        { name: 'eli <lilly>', key: 'elililly', known: false },
      ],
      areas: ['oncology'],
      types: ['licence', 'research_collaboration'],
      stages: ['preclinical', 'phase_1'],
      minValueUsd: 1_000_000_000,
    },
    ifEmpty: 'line',
    createdBy: 'U1',
    createdAt: 0,
    updatedBy: 'U2',
    updatedAt: 0,
    scheduleSince: 0,
  };

  it('reads as a sentence with the next run time, escaping what the user typed', () => {
    const text = describeSubscription(sub, slot);
    expect(text).toContain(
      '<#C1> gets a weekly digest every Monday at 09:00 (Europe/London) of new partnerships involving AstraZeneca or eli &lt;lilly&gt; (not in the catalogue yet), in oncology, of type licence or research collaboration, at stage preclinical or phase 1, with a stated figure of at least $1 billion.',
    );
    expect(text).toContain('When nothing is new, it posts one short line saying so.');
    expect(text).toContain('Next digest: Mon 16 Nov 2026, 09:00 GMT.');
    expect(text).toContain('Set up by <@U1>, last changed by <@U2>.');
  });

  it('says when and why it is paused, and how to resume', () => {
    const text = describeSubscription({ ...sub, paused: { reason: 'not_in_channel', at: slot } }, undefined);
    expect(text).toMatch(/Paused\* since Mon 16 Nov 2026, 09:00 GMT: I’m not a member of the channel/);
    expect(text).toContain('/deal digest resume');
    expect(text).not.toContain('Next digest');
    expect(text).toContain('To fix it, invite me with `/invite @Deal Briefing` in the channel; then run `/deal digest resume`');
    expect(buildPauseNotice('C1', 'is_archived').text).toMatch(/<#C1> is paused: the channel is archived/);
  });
});

describe('Slack refusals', () => {
  it.each(CHANNEL_REFUSALS)('the creator’s DM for %s says why in words and what to fix', (code) => {
    const text = buildPauseNotice('C1', code).text;
    expect(text).toMatch(/^Your deal digest for <#C1> is paused: /);
    expect(text).not.toContain(code);
    expect(text).toMatch(/To fix it, .+; then run `\/deal digest resume` in the channel/);
  });

  it('a paused digest offers another channel too, or unsubscribing a deleted one', () => {
    expect(buildPauseNotice('C1', 'restricted_action').text).toContain(
      'To fix it, ask a Slack admin to let apps post there (the channel’s posting permissions), or subscribe another channel; then run',
    );
    expect(buildPauseNotice('C1', 'is_archived').text).toContain('To fix it, unarchive the channel, or subscribe another one; then run');
    expect(buildPauseNotice('C1', 'channel_not_found').text).toContain(
      'To fix it, invite me with `/invite @Deal Briefing` in the channel (or, if the channel was deleted, `/deal digest unsubscribe` it); then run',
    );
  });

  it('an unknown refusal is named, escaped', () => {
    expect(buildPauseNotice('C1', '<!channel>').text).toContain('Slack refused it several times in a row (&lt;!channel&gt;)');
  });
});
