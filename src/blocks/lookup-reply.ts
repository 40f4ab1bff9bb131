/**
 * Messages for each lookup outcome: a card, a list, help, or "no match" with suggestions.
 */
import type { LookupOutcome } from '../services/lookup';
import { joinNames } from '../services/lookup';
import { buildDealCard, buildDealList, sectionBlock, type CardOptions, type SlackMessage } from './deal-card';
import { LIMITS, escapeMrkdwn, quoteTyped, quoteWords, truncate } from './text';

export const HELP_TEXT = [
  '*/deal* finds partnership deals from our curated, cited catalogue.',
  '• `/deal astrazeneca cspc` — deals between two companies (any order, aliases and typos are fine)',
  '• `/deal AZ` — one company’s deals, most recent first',
  '• `/deal oncology since:2025-01` — filter by therapeutic area or modality and date',
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
      const message = buildDealCard(outcome.deal, { ...card, others: outcome.others, othersTotal: outcome.otherIds.length, othersLabel: outcome.othersLabel });
      const notes: string[] = [];
      if (outcome.ignored.length > 0) {
        // A pasted paragraph ignores hundreds of words: the note names the first few, so it stays
        // well within Slack's 3,000 characters for a text (past them the whole reply is refused).
        const words = quoteWords(outcome.ignored, IGNORED_SHOWN);
        notes.push(`Nothing in our catalogue matches ${words.text}, so ${words.count === 1 ? 'it was' : 'they were'} left out of this search.`);
      }
      if (outcome.notCompared) notes.push(notComparedNote(outcome.notCompared));
      if (notes.length === 0) return message;
      const note: SlackMessage['blocks'][number] = { type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] };
      return { ...message, blocks: [note, ...message.blocks].slice(0, LIMITS.blocks) };
    }
    case 'partial': {
      const label = `No deal between ${joinNames(outcome.partyNames)} in our catalogue. Deals with some of them`;
      return {
        text: escapeMrkdwn(label),
        blocks: buildDealList(label, outcome.deals, undefined, undefined, outcome.total).slice(1),
      };
    }
    case 'none': {
      const echoed = escapeMrkdwn(truncate(outcome.query, 200));
      const lines = [`No deal in our catalogue matches “${echoed}”.`];
      if (outcome.notCompared) lines.push(notComparedNote(outcome.notCompared));
      if (outcome.suggestions.length > 0) {
        lines.push(`Did you mean ${outcome.suggestions.map((s) => `*${escapeMrkdwn(s)}*`).join(', ')}?`);
      }
      lines.push('Try company names (`/deal astrazeneca cspc`) or `/deal help`.');
      return { text: lines[0]!, blocks: [sectionBlock(lines.join('\n'))] };
    }
  }
}

function notComparedNote(word: string): string {
  return `${quoteTyped(word)} was not used: minimum values are compared in US dollars (\`>1b\`), and deal values are never converted between currencies.`;
}
