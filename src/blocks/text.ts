/**
 * Text helpers for Slack messages: escaping, limits, dates and money as people read them.
 */
import { formatMoney } from '../deals/money';
import { QUALIFIER_WORDS, type PartialDate, type ValueComponent } from '../deals/schema';

/** Slack's published limits that the builders enforce. */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  messageText: 40000,
} as const;

/**
 * Escapes text for mrkdwn so it renders as typed: `<!channel>` and `<@U123>` stay inert text
 * instead of pinging anyone, and `&` cannot start an entity. Use on anything not written by us.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Reverses Slack's escaping of `&`, `<` and `>` in text it sends (a slash command's text):
 * "AT&amp;T &gt;1b" → "AT&T >1b". Slack's own markup (`<#C123|name>`, `<@U123>`) is left as is.
 */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A link in mrkdwn, with the label escaped and kept from closing the link early. */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url.replace(/[<>|\s]/g, encodeURIComponent);
  return `<${safeUrl}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

/**
 * A conflict's subject as it reads after "Sources differ on" or "The sources disagree on": the
 * seeds write it as a heading ("What the $1.92 billion figure covers"), so a heading's opening
 * word loses its capital, never a name's ("AstraZeneca's share", "Tempus's fees"), and its
 * closing full stop or question mark goes.
 */
export function conflictSubject(about: string): string {
  const lowered = HEADING_OPENERS.test(about) ? about[0]!.toLowerCase() + about.slice(1) : about;
  return lowered.replace(/[.?]$/, '');
}

const HEADING_OPENERS = /^(?:What|Which|Whether|When|Where|Who|Whose|How|Why|The|A|An)\b/;

/**
 * Cuts text to `max` characters, ending with an ellipsis when it had to cut. It never cuts
 * through an emoji or another character of two UTF-16 units (half of one is not text: it shows
 * as garbage, or Slack refuses the message), nor through an entity of escaped text (`&amp;` →
 * `&am…`): the cut goes before it.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end).replace(/&(?:a|am|amp|l|lt|g|gt)?$/, '').trimEnd()}…`;
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/** A word someone typed, quoted in a message: escaped (it may be `<!channel>`), at most 60 characters. */
export function quoteTyped(word: string): string {
  return `“${truncate(escapeMrkdwn(word), 60)}”`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A date at the precision we know it: "13 Jun 2025", "October 2024", "2023", or undefined. */
export function formatPartialDate(date: PartialDate): string | undefined {
  switch (date.precision) {
    case 'day':
      return `${date.day} ${MONTHS[date.month! - 1]} ${date.year}`;
    case 'month':
      return `${LONG_MONTHS[date.month! - 1]} ${date.year}`;
    case 'year':
      return String(date.year);
    default:
      return undefined;
  }
}

/** "up to $1.62 billion (over five years)", or "undisclosed". */
export function formatComponent(component: ValueComponent): string {
  if (component.status === 'undisclosed') return 'undisclosed';
  const note = component.note ? ` (${component.note})` : '';
  return `${QUALIFIER_WORDS[component.qualifier]}${formatMoney(component.amount)}${note}`;
}

/** "and 3 more" lists: the first `max` items, then a count of the rest. */
export function capList<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/**
 * Words someone typed, named in a sentence: each once (whatever its case), quoted as by
 * `quoteTyped`, the first `max` of them and then a count of the rest —
 * “said”, “Friday” and 3 more. `count`: how many different words there were.
 */
export function quoteWords(words: readonly string[], max: number): { text: string; count: number } {
  const seen = new Set<string>();
  const distinct: string[] = [];
  for (const word of words) {
    if (seen.has(word.toLowerCase())) continue;
    seen.add(word.toLowerCase());
    distinct.push(word);
  }
  const { shown, more } = capList(distinct, max);
  const items = [...shown.map(quoteTyped), ...(more > 0 ? [`${more} more`] : [])];
  const text = items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
  return { text, count: distinct.length };
}

/** Human words for snake_case enum values: "research_collaboration" → "research collaboration". */
export function humanize(value: string): string {
  return value.replace(/_/g, ' ').replace(/\bco /g, 'co-');
}
