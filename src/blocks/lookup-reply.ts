/**
 * Messages for each lookup outcome: a card, a list, help, or "no match" with suggestions.
 */
import type { Correction, LookupOutcome, QueryNotes } from '../services/lookup';
import { joinNames } from '../services/lookup';
import { buildDealCard, buildDealList, sectionBlock, type CardOptions, type SlackMessage } from './deal-card';
import { LIMITS, escapeMrkdwn, quoteTyped, quoteWords, truncate } from './text';

export const HELP_TEXT = [
  '*/deal* finds partnership deals from our curated, cited catalogue.',
  '• `/deal astrazeneca cspc` — deals between two companies (any order, aliases and typos are fine)',
  '• `/deal AZ` — one company’s deals, most recent first',
  '• `/deal YS2302018` or `/deal astrazeneca YS2302018` — deals whose title has a word, such as an asset code',
  '• `/deal oncology since:2025-01` — filter by therapeutic area or modality and date',
  '• `/deal az preclinical` — filter by stage at signing (`discovery`, `preclinical`, `phase 1`–`phase 3`, `filed`, `approved`, `marketed`)',
  '• `/deal licence 2024 >1b` — filter by deal type, year and minimum value in US dollars (the stated total, else the largest stated payment, “up to” figures included)',
  'Mention me with the same words to get the card in a thread; ask follow-up questions there.',
  '• `/deal digest subscribe weekly mon 09:00` — a digest of new partnerships in this channel (`/deal digest help` for more)',
].join('\n');

/** How many ignored words the note under a card names; the rest are counted ("and 12 more"). */
const IGNORED_SHOWN = 10;

export function buildHelp(): SlackMessage {
  return { text: 'How to use /deal', blocks: [sectionBlock(HELP_TEXT)] };
}

/** Renders a lookup outcome. `card` options apply to the full card when there is one. */
export function buildLookupReply(outcome: LookupOutcome, card: CardOptions = {}): SlackMessage {
  switch (outcome.kind) {
    case 'help':
      return buildHelp();
    case 'found': {
      const message = buildDealCard(outcome.deal, { ...card, others: outcome.others, othersTotal: outcome.othersTotal, othersLabel: outcome.othersLabel });
      const notes = queryNotes(outcome, true);
      if (notes.length === 0) return message;
      return { ...message, blocks: [contextNote(notes), ...message.blocks].slice(0, LIMITS.blocks) };
    }
    case 'partial': {
      const label = `No deal between ${joinNames(outcome.partyNames)} in our catalogue. Deals with some of them`;
      const blocks = buildDealList(label, outcome.deals, undefined, undefined, outcome.total).slice(1);
      const notes = queryNotes(outcome, true);
      return {
        text: escapeMrkdwn(label),
        blocks: notes.length > 0 ? [contextNote(notes), ...blocks].slice(0, LIMITS.blocks) : blocks,
      };
    }
    case 'none': {
      const echoed = escapeMrkdwn(truncate(outcome.query, 200));
      const lines = [`No deal in our catalogue matches “${echoed}”.`, ...queryNotes(outcome, false)];
      if (outcome.suggestions.length > 0) {
        lines.push(`Did you mean ${outcome.suggestions.map((s) => `*${escapeMrkdwn(s)}*`).join(', ')}?`);
      }
      if (!outcome.list) {
        lines.push('Try company names (`/deal astrazeneca cspc`) or `/deal help`.');
        return { text: lines[0]!, blocks: [sectionBlock(lines.join('\n'))] };
      }
      // Deals the reply lists all the same, under a label saying what they are.
      lines.push(outcome.ignored.length > 0 ? 'Check the words named above, or see `/deal help`.' : 'Try fewer filters, or `/deal help` for what each one does.');
      const list = buildDealList(outcome.list.label, outcome.list.deals, LIMITS.blocks - 1, undefined, outcome.list.total);
      return { text: lines[0]!, blocks: [sectionBlock(lines.join('\n')), ...list] };
    }
  }
}

/**
 * What the reply says about the query: names read as other names, words not used (beside a card
 * or list they were "left out of this search"; under "no deal matches" they are named), filters
 * not used.
 */
function queryNotes(notes: QueryNotes & { query?: string }, matched: boolean): string[] {
  const out = correctionNotes(notes.corrected, matched);
  if (notes.ignored.length > 0) {
    // A pasted paragraph ignores hundreds of words: the note names the first few, so it stays
    // well within Slack's 3,000 characters for a text (past them the whole reply is refused).
    const words = quoteWords(notes.ignored, IGNORED_SHOWN);
    if (matched) out.push(`Nothing in our catalogue matches ${words.text}, so ${words.count === 1 ? 'it was' : 'they were'} left out of this search.`);
    // "pfizer >1b": say which word it was; "pfizer" alone is said by the first line.
    else if (notes.ignored.join(' ') !== notes.query) out.push(`No company, area or filter in our catalogue matches ${words.text}.`);
  }
  if (notes.titlesPending && notes.ignored.length > 0) out.push('Deal titles are still being indexed, so they were not searched for these words: try again in a few seconds.');
  if (notes.inTitles && notes.inTitles.length > 0) {
    const words = quoteWords(notes.inTitles, IGNORED_SHOWN);
    out.push(`No company or filter is called ${words.text}: shown are the deals with ${words.count === 1 ? 'it' : 'them'} in their title.`);
  }
  if (notes.notCompared) out.push(notComparedNote(notes.notCompared));
  if (notes.unreadDates) out.push(unreadDatesNote(notes.unreadDates));
  return out;
}

function contextNote(notes: readonly string[]): SlackMessage['blocks'][number] {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] };
}

/** "Showing *Verge Genomics* for “verve”, the nearest name in our catalogue" (or, under "no deal matches", "“verve” was read as …"). */
function correctionNotes(corrected: readonly Correction[], matched: boolean): string[] {
  return corrected.map((c) => {
    const names = c.names.map((n) => `*${escapeMrkdwn(n)}*`);
    const either = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]!}`;
    return matched
      ? `Showing ${either} for ${quoteTyped(c.typed)}, the nearest name in our catalogue.`
      : `${quoteTyped(c.typed)} was read as ${either}, the nearest name in our catalogue.`;
  });
}

function unreadDatesNote(words: readonly string[]): string {
  const quoted = quoteWords(words, IGNORED_SHOWN);
  return `${quoted.text} ${quoted.count === 1 ? 'was' : 'were'} not used: a date filter takes a year or a month, such as \`since:2025-06\` or \`after:2024\`.`;
}

function notComparedNote(word: string): string {
  return `${quoteTyped(word)} was not used: minimum values are compared in US dollars (\`>1b\`), and deal values are never converted between currencies.`;
}
