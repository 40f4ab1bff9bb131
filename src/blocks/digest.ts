/**
 * Digest messages: pure Block Kit builders, data in, blocks out.
 *
 * A digest is one channel message (header, one compact line per deal with an "Open" button)
 * plus, past what one message should hold, thread replies under it carrying the rest, so
 * "and N more" always has somewhere to go. Every curated or user-supplied string is escaped.
 */
import type { types } from '@slack/bolt';
import type { Deal } from '../deals/schema';
import { formatMoney } from '../deals/money';
import {
  describeSchedule,
  formatCivilDate,
  formatInstant,
  localTime,
  mondayOf,
  type Cadence,
} from '../services/digest-schedule';
import type { DigestFilters, Subscription } from '../services/subscriptions';
import { ACTIONS, button, partyLine, sectionBlock, valueBits, type SlackMessage } from './deal-card';
import { refusalFix, refusalReason } from './digest-refusal';
import { LIMITS, escapeMrkdwn, formatComponent, formatPartialDate, humanize, truncate } from './text';

type KnownBlock = types.KnownBlock;

/** Deals in the channel message itself; the rest go to thread replies. */
export const MAX_DEALS_IN_MESSAGE = 20;
/** Deals per thread reply (one block each, plus a context line, under Slack's 50). */
export const MAX_DEALS_PER_REPLY = 40;
/** Fallback text kept well under Slack's limit: it is what notifications show. */
const FALLBACK_CHARS = 3000;

/** "New partnerships — week of 16 Nov 2026" or, daily, "New partnerships — 16 Nov 2026". */
export function digestTitle(cadence: Cadence, reference: number, timeZone: string): string {
  const date = localTime(reference, timeZone);
  return cadence === 'weekly'
    ? `New partnerships — week of ${formatCivilDate(mondayOf(date))}`
    : `New partnerships — ${formatCivilDate(date)}`;
}


/**
 * One line per deal: parties, type, headline value, upfront, area, date.
 * "*AstraZeneca × CSPC* · research collaboration · up to $5.3 billion · upfront $110 million · oncology · 13 Jun 2025"
 */
export function digestLine(deal: Deal): string {
  return remembered(lines, deal, composeLine);
}

/**
 * Lines already composed, per deal object: a digest run shows the same new deals in hundreds
 * of channels, and the catalogue hands out the same object for a deal while it is in use. Both
 * lines are pure functions of the deal, so a remembered line is never stale.
 */
const lines = new WeakMap<Deal, string>();
const plainLines = new WeakMap<Deal, string>();

function remembered(memo: WeakMap<Deal, string>, deal: Deal, compose: (deal: Deal) => string): string {
  let line = memo.get(deal);
  if (line === undefined) {
    line = compose(deal);
    memo.set(deal, line);
  }
  return line;
}

function composeLine(deal: Deal): string {
  const bits = [`*${escapeMrkdwn(partyLine(deal))}*`, deal.types.map(humanize).join(', '), ...valueBits(deal, { alwaysHeadline: true }).map(escapeMrkdwn)];
  if (deal.areas.length > 0) bits.push(escapeMrkdwn(deal.areas.slice(0, 2).join(', ')));
  bits.push(formatPartialDate(deal.announced) ?? 'date not recorded');
  return `${bits.join(' · ')}\n${escapeMrkdwn(deal.title)}`;
}

/** The same line without mrkdwn, for the notification fallback. */
function plainLine(deal: Deal): string {
  return remembered(plainLines, deal, composePlainLine);
}

function composePlainLine(deal: Deal): string {
  const date = formatPartialDate(deal.announced) ?? 'date not recorded';
  return `${partyLine(deal)} (${[deal.types.map(humanize).join(', '), ...valueBits(deal, { alwaysHeadline: true }), date].join('; ')})`;
}

function dealBlock(deal: Deal): KnownBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(digestLine(deal), LIMITS.sectionText) },
    accessory: button('Open', ACTIONS.openDeal, deal.id),
  };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) }] };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface DigestInput {
  cadence: Cadence;
  timeZone: string;
  /** The instant the digest is for: its slot, or the moment of posting for "now". */
  reference: number;
  /** New deals, in the order to show them. */
  deals: readonly Deal[];
  filters: DigestFilters;
}

export interface DigestMessages {
  main: SlackMessage;
  /** Thread replies under `main` with the deals that did not fit. */
  replies: SlackMessage[];
  /** Deal ids in `main`, then in each reply. */
  mainIds: string[];
  replyIds: string[][];
}

/** The digest for a non-empty list of deals. */
export function buildDigest(input: DigestInput): DigestMessages {
  const title = digestTitle(input.cadence, input.reference, input.timeZone);
  const shown = input.deals.slice(0, MAX_DEALS_IN_MESSAGE);
  const rest = input.deals.slice(MAX_DEALS_IN_MESSAGE);
  const count = plural(input.deals.length, 'new partnership');
  const filterWords = describeFilters(input.filters);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, LIMITS.header), emoji: true } },
    context(`${count}${filterWords ? ` ${filterWords}` : ''}. *Open* shows the full card, only to you.`),
    ...shown.map(dealBlock),
  ];
  if (rest.length > 0) blocks.push(context(`…and ${rest.length} more — in the thread under this message.`));

  const replies: SlackMessage[] = [];
  const replyIds: string[][] = [];
  for (let i = 0; i < rest.length; i += MAX_DEALS_PER_REPLY) {
    const chunk = rest.slice(i, i + MAX_DEALS_PER_REPLY);
    const from = MAX_DEALS_IN_MESSAGE + i + 1;
    const to = MAX_DEALS_IN_MESSAGE + i + chunk.length;
    const label = `${title}, continued (${from}–${to} of ${input.deals.length})`;
    replies.push({ text: fallback(label, chunk), blocks: [context(escapeMrkdwn(label)), ...chunk.map(dealBlock)] });
    replyIds.push(chunk.map((d) => d.id));
  }
  return {
    main: { text: fallback(`${title}: ${count}`, input.deals), blocks },
    replies,
    mainIds: shown.map((d) => d.id),
    replyIds,
  };
}

/** Notifications and clients without Block Kit: the title, then as many deals as fit. */
function fallback(title: string, deals: readonly Deal[]): string {
  // Escaped as it is built, so that the length measured is the length sent.
  let text = escapeMrkdwn(`${title}.`);
  for (const [i, deal] of deals.entries()) {
    const line = ` ${escapeMrkdwn(plainLine(deal))};`;
    if (text.length + line.length > FALLBACK_CHARS - 20) {
      text += ` and ${deals.length - i} more.`;
      break;
    }
    text += line;
  }
  return text.replace(/;$/, '.');
}

/** The one short line posted for an empty period when the subscription asks for it. */
export function buildEmptyDigest(cadence: Cadence, reference: number, timeZone: string): SlackMessage {
  const title = digestTitle(cadence, reference, timeZone);
  const text = `${title}: nothing new ${cadence === 'weekly' ? 'this week' : 'today'}.`;
  return { text, blocks: [context(text)] };
}

/** "involving AstraZeneca or Pfizer, in oncology, of type licence, at stage preclinical, with a stated figure of at least $1 billion" */
export function describeFilters(filters: DigestFilters): string {
  const parts: string[] = [];
  if (filters.parties.length > 0) {
    const names = filters.parties.map((p) => `${escapeMrkdwn(p.name)}${p.known ? '' : ' (not in the catalogue yet)'}`);
    parts.push(`involving ${orList(names)}`);
  }
  if (filters.areas.length > 0) parts.push(`in ${orList(filters.areas.map(escapeMrkdwn))}`);
  if (filters.types.length > 0) parts.push(`of type ${orList(filters.types.map(humanize))}`);
  if (filters.stages.length > 0) parts.push(`at stage ${orList(filters.stages.map(humanize))}`);
  if (filters.minValueUsd !== undefined) {
    parts.push(`with a stated figure of at least ${formatMoney({ currency: 'USD', amount: filters.minValueUsd })}`);
  }
  return parts.join(', ');
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The subscription in words, with the next run time. */
export function describeSubscription(sub: Subscription, nextRun: number | undefined): string {
  const filters = describeFilters(sub.filters);
  const lines = [
    `<#${sub.channel}> gets a ${sub.schedule.cadence} digest ${describeSchedule(sub.schedule)} of new partnerships${filters ? ` ${filters}` : ''}.`,
    sub.ifEmpty === 'line' ? 'When nothing is new, it posts one short line saying so.' : 'When nothing is new, nothing is posted.',
  ];
  if (sub.paused) {
    lines.push(
      `:double_vertical_bar: *Paused* since ${formatInstant(sub.paused.at, sub.schedule.timeZone)}: ${refusalReason(sub.paused.reason)}. ` +
        `To fix it, ${refusalFix(sub.paused.reason)}; then run \`/deal digest resume\` in the channel.`,
    );
  } else if (nextRun !== undefined) {
    lines.push(`Next digest: ${formatInstant(nextRun, sub.schedule.timeZone)}.`);
  }
  lines.push(`Set up by <@${sub.createdBy}>${sub.updatedBy !== sub.createdBy ? `, last changed by <@${sub.updatedBy}>` : ''}.`);
  return lines.join('\n');
}

/** A short private reply (confirmation, error, help). */
export function notice(text: string): SlackMessage {
  return { text, blocks: [sectionBlock(text)] };
}

/** The ephemeral preview: what the digest would post now, marked as a preview. */
export function buildPreview(digest: DigestMessages | undefined, note: string): SlackMessage {
  if (!digest) return notice(`${note}\nNothing new to post right now.`);
  const replyCount = digest.replyIds.reduce((n, ids) => n + ids.length, 0);
  const blocks: KnownBlock[] = [context(`*Preview* — only you can see this. ${note}`), ...digest.main.blocks];
  if (replyCount > 0) blocks.push(context(`The other ${replyCount} would be posted in the thread.`));
  return { text: `Preview: ${digest.main.text}`, blocks: blocks.slice(0, LIMITS.blocks) };
}

export const DIGEST_HELP = [
  '*Channel digests* — a scheduled post of new partnerships in this channel.',
  '• `/deal digest subscribe` — weekly, Monday 09:00 in your Slack time zone',
  '• `/deal digest subscribe daily 07:30 Europe/London` — or `weekly fri 16:00 America/New_York`',
  '• `/deal digest subscribe weekly astrazeneca pfizer oncology licence preclinical >1b` — only deals of those companies, areas, types and stages, at least that value (US dollars)',
  '• a company whose name starts with a day or a schedule word goes in quotes (`"sun pharma"`); `on:sun` is always the day',
  '• another channel: pick it with `#` (or give its ID) after the sub-command, e.g. `/deal digest list #bd-news`',
  '• add `empty:line` to post one short line when nothing is new (default: post nothing)',
  '• `/deal digest list` · `preview` · `now` (post now; counts as this period’s digest) · `unsubscribe` · `resume`',
  'Subscribing again changes the settings. Channel members (and curators) can change a channel’s digest.',
].join('\n');
