/**
 * The deal briefing card: pure Block Kit builders, data in, blocks out.
 *
 * Every figure shown comes from a value component of the curated record, and each of the
 * three states is shown differently: an amount, "Undisclosed", or — for the headline only —
 * "not stated by our sources". A headline is never added up from its parts.
 */
import type { types } from '@slack/bolt';
import type { Deal, ValueComponentKey } from '../deals/schema';
import { comparedComponent } from '../deals/search';
import { VALUE_COMPONENTS } from '../deals/schema';
import {
  LIMITS,
  capList,
  conflictSubject,
  escapeMrkdwn,
  formatComponent,
  formatPartialDate,
  humanize,
  mrkdwnLink,
  truncate,
} from './text';

type KnownBlock = types.KnownBlock;

/** A message ready for chat.postMessage / respond(): blocks plus the plain-text fallback. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Action ids the listeners register for. */
export const ACTIONS = {
  shareCard: 'share_card',
  openDeal: 'open_deal',
  summarise: 'summarise_deal',
} as const;

/**
 * Each label names only the kind of amount its component is: "Development & regulatory" or
 * "(development & commercial)" would say what the payments are tied to, which no fact may say.
 */
const COMPONENT_LABELS: Record<ValueComponentKey, string> = {
  upfront: 'Upfront',
  equity: 'Equity',
  near_term: 'Near-term payments',
  development_milestones: 'Development milestones',
  commercial_milestones: 'Commercial / sales milestones',
  milestones: 'Milestones',
  fees: 'Fees',
  investment: 'Investment',
  total: 'Headline value',
};

/** Components as a list line names them. */
const SHORT_LABELS: Partial<Record<ValueComponentKey, string>> = {
  development_milestones: 'development milestones',
  commercial_milestones: 'sales milestones',
  milestones: 'milestones',
  fees: 'fees',
  investment: 'investment',
};

export interface CardOptions {
  /** Other deals to list under the card (e.g. "Also between AstraZeneca and CSPC"). */
  others?: Deal[];
  /** How many other matches there are in all, when `others` holds only the first ones. */
  othersTotal?: number;
  othersLabel?: string;
  /** Show the "Share in channel" button (on ephemeral results). */
  shareable?: boolean;
  /** Show the "Summarise" button (posts a summary in a thread). */
  summarisable?: boolean;
}

/** "AstraZeneca × CSPC Pharmaceutical Group" */
export function partyLine(deal: Deal): string {
  return deal.parties.map((p) => p.name).join(' × ');
}

/** The value split in card order; not-recorded components are left out, the headline never is. */
export function valueLines(deal: Deal): { label: string; value: string; key: ValueComponentKey | 'royalties' }[] {
  const lines: { label: string; value: string; key: ValueComponentKey | 'royalties' }[] = [];
  for (const key of VALUE_COMPONENTS) {
    const c = deal.value[key];
    if (c) lines.push({ key, label: COMPONENT_LABELS[key], value: c.status === 'undisclosed' ? 'Undisclosed' : formatComponent(c) });
    else if (key === 'total' && hasAnyValue(deal)) {
      lines.push({ key, label: COMPONENT_LABELS.total, value: 'not stated by our sources' });
    }
  }
  const r = deal.value.royalties;
  if (r) lines.push({ key: 'royalties', label: 'Royalties', value: r.status === 'undisclosed' ? 'Undisclosed' : r.text });
  return lines;
}

function hasAnyValue(deal: Deal): boolean {
  return Object.values(deal.value).some((v) => v !== undefined);
}

/** One line per deal for lists: "7 Oct 2024 · Exclusive licence to YS2302018 · licence · upfront $100 million". */
export function compactLine(deal: Deal): string {
  const date = formatPartialDate(deal.announced) ?? 'date not recorded';
  const bits = [date, `*${escapeMrkdwn(deal.title)}*`, deal.types.map(humanize).join(', ')];
  return [...bits, ...valueBits(deal)].join(' · ');
}

/**
 * The value words of a list line: the headline ("value up to $5.3 billion", "value
 * undisclosed"), else the figure a `>1b` filter compares ("milestones up to $1.92 billion"), and
 * the upfront: a deal listed under a minimum always shows the figure that met it.
 */
export function valueBits(deal: Deal, options: { alwaysHeadline?: boolean } = {}): string[] {
  const bits: string[] = [];
  const total = deal.value.total;
  // As on the card: with any term recorded the headline is shown, "not stated" when no source
  // gives a total, so nobody adds up the parts and attributes the sum to us.
  if (total) bits.push(`value ${formatComponent(total)}`);
  else if (options.alwaysHeadline || VALUE_COMPONENTS.some((k) => deal.value[k])) bits.push('value not stated');
  const compared = comparedComponent(deal);
  if (!total && compared && compared !== 'upfront') bits.push(`${SHORT_LABELS[compared]} ${formatComponent(deal.value[compared]!)}`);
  const upfront = deal.value.upfront;
  if (upfront) bits.push(`upfront ${formatComponent(upfront)}`);
  return bits;
}

/** Builds the full card for one deal. */
export function buildDealCard(deal: Deal, options: CardOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = [];
  const header = `${partyLine(deal)} — ${deal.types.map(humanize).join(', ')}`;
  blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(header, LIMITS.header), emoji: true } });

  const date = formatPartialDate(deal.announced);
  const status = deal.status === 'announced' ? '' : ` · ${humanize(deal.status)}`;
  blocks.push(section(`*${escapeMrkdwn(deal.title)}*\n${date ? `Announced ${date}` : 'Announcement date not recorded'}${status}`));

  const values = valueLines(deal);
  if (values.length > 0) {
    blocks.push(fields(values.map((v) => `*${escapeMrkdwn(v.label)}*\n${escapeMrkdwn(v.value)}`)));
  } else {
    blocks.push(section('*Financial terms*\nnot recorded in our sources'));
  }

  const profile: string[] = [];
  profile.push(`*Parties*\n${deal.parties.map((p) => `${escapeMrkdwn(p.name)} (${humanize(p.role)})`).join('\n')}`);
  if (deal.stage) profile.push(`*Stage at signing*\n${humanize(deal.stage)}`);
  if (deal.modalities.length) profile.push(`*Modality*\n${escapeMrkdwn(deal.modalities.join(', '))}`);
  const areas = [...deal.areas, ...deal.indications];
  if (areas.length) profile.push(`*Therapeutic areas*\n${escapeMrkdwn(areas.join(', '))}`);
  if (deal.territory) profile.push(`*Territory*\n${escapeMrkdwn(deal.territory)}`);
  if (deal.location) profile.push(`*Location of work*\n${escapeMrkdwn(deal.location)}`);
  blocks.push(fields(profile));

  if (deal.rights.length) {
    blocks.push(section(bulletList('*Rights and options*', deal.rights.map(escapeMrkdwn), 8)));
  }

  for (const conflict of deal.conflicts.slice(0, 3)) blocks.push(section(conflictText(deal, conflict)));

  const { shown, more } = capList(deal.sources, LIMITS.contextElements - 1);
  blocks.push({
    type: 'context',
    elements: [
      ...shown.map((s) => ({ type: 'mrkdwn' as const, text: truncate(`${sourceLink(deal, s.id)}`, LIMITS.sectionText) })),
      ...(more > 0 ? [{ type: 'mrkdwn' as const, text: `and ${more} more sources` }] : []),
    ],
  });

  const buttons: types.Button[] = [];
  if (options.shareable) buttons.push(button('Share in channel', ACTIONS.shareCard, deal.id, 'primary'));
  if (options.summarisable) buttons.push(button('Summarise', ACTIONS.summarise, deal.id));
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });

  if (options.others && options.others.length > 0) {
    const total = Math.max(options.othersTotal ?? 0, options.others.length);
    blocks.push(...buildDealList(options.othersLabel ?? 'Other matches', options.others, LIMITS.blocks - blocks.length, 10, total));
  }

  return { text: cardFallback(deal), blocks: blocks.slice(0, LIMITS.blocks) };
}

/**
 * A compact list of deals with an "Open" button each: at most `maxItems` lines and never more
 * than `budget` blocks, ending with "and N more" when it had to cut.
 */
export function buildDealList(
  label: string,
  deals: readonly Deal[],
  budget: number = LIMITS.blocks,
  maxItems = 10,
  /** How many deals the list stands for, when `deals` holds only the first ones. */
  total = deals.length,
): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'divider' }, section(`*${escapeMrkdwn(label)}:*`)];
  const free = budget - blocks.length;
  const fitsAll = total <= Math.min(free, maxItems);
  const room = fitsAll ? total : Math.max(0, Math.min(free - 1, maxItems));
  const shown = deals.slice(0, room);
  const more = total - shown.length;
  for (const deal of shown) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(compactLine(deal), LIMITS.sectionText) },
      accessory: button('Open', ACTIONS.openDeal, deal.id),
    });
  }
  if (more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${more.toLocaleString('en-US')} more — narrow the query to see them` }] });
  return budget < 3 ? [] : blocks;
}

/** Plain-text fallback: notifications and clients without Block Kit still get the figures. */
export function cardFallback(deal: Deal): string {
  const date = formatPartialDate(deal.announced) ?? 'date not recorded';
  const values = valueLines(deal).map((v) => `${v.label}: ${v.value}`);
  // Escaped first, then cut: escaping after would push a cut text past its limit (each & is 5).
  return truncate(escapeMrkdwn(`${partyLine(deal)} — ${deal.title} (${date}). ${values.join('; ')}`), 3000);
}

function sourceLink(deal: Deal, id: string): string {
  const s = deal.sources.find((x) => x.id === id);
  if (!s) return escapeMrkdwn(id);
  const date = formatPartialDate(s.published);
  return mrkdwnLink(s.url, `${s.publisher}${date ? `, ${date}` : ''}`);
}

/** Room a conflict reading's own words keep, at least, before readings are left out. */
const MIN_READING_CHARS = 80;

/**
 * "Sources differ on …" with each reading and its source links, within a section's limit. Only
 * the readings' words are shortened, each to an equal share of the room the links leave: a cut
 * link (`<https://…|Reu…`) would show as raw markup. Readings that leave less than
 * MIN_READING_CHARS each are dropped from the end, and counted.
 */
function conflictText(deal: Deal, conflict: Deal['conflicts'][number]): string {
  const heading = `:warning: *Sources differ on ${truncate(escapeMrkdwn(conflictSubject(conflict.about)), 200)}*`;
  const readings = conflict.readings.map((r) => ({ words: escapeMrkdwn(r.text), links: ` (${r.sources.map((id) => sourceLink(deal, id)).join(', ')})` }));
  for (let kept = readings.length; kept >= 1; kept--) {
    const shown = readings.slice(0, kept);
    const more = readings.length - kept;
    const tail = more > 0 ? `\nand ${more} more reading${more === 1 ? '' : 's'}` : '';
    const fixed = heading.length + tail.length + shown.reduce((n, r) => n + '\n• '.length + r.links.length, 0);
    const each = Math.floor((LIMITS.sectionText - fixed) / kept);
    if (each < MIN_READING_CHARS && kept > 1) continue;
    return `${heading}${shown.map((r) => `\n• ${truncate(r.words, Math.max(each, 1))}${r.links}`).join('')}${tail}`;
  }
  return heading;
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

function fields(items: string[]): KnownBlock {
  return {
    type: 'section',
    fields: items.slice(0, LIMITS.fields).map((t) => ({ type: 'mrkdwn' as const, text: truncate(t, LIMITS.field) })),
  };
}

function bulletList(title: string, items: string[], max: number): string {
  const { shown, more } = capList(items, max);
  // Each item is cut short enough that the "and N more" line always fits in the section.
  const each = Math.floor((LIMITS.sectionText - title.length - 40) / Math.max(1, shown.length)) - 3;
  return [title, ...shown.map((i) => `• ${truncate(i, each)}`), ...(more > 0 ? [`and ${more} more`] : [])].join('\n');
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: value.slice(0, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

export { section as sectionBlock };
