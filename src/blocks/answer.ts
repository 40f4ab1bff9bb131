/**
 * Thread answers and summaries: each sentence followed by footnote markers that link to the
 * sources of the facts it cites, a list of those sources, and optional 👍/👎 buttons.
 */
import type { types } from '@slack/bolt';
import type { Deal, Source } from '../deals/schema';
import type { AnswerSentence } from '../services/deterministic-answer';
import { button, sectionBlock, type SlackMessage } from './deal-card';
import { LIMITS, escapeMrkdwn, formatPartialDate, mrkdwnLink, truncate } from './text';

export const FEEDBACK_ACTIONS = { up: 'answer_feedback_up', down: 'answer_feedback_down' } as const;

export interface AnswerView {
  /** Bold first line, e.g. the deal's title. */
  heading: string;
  /** Optional line before the sentences ("The sources we hold don't say …"). */
  lead?: string;
  sentences: AnswerSentence[];
  /** Deals whose facts the sentences cite (to resolve footnotes). */
  deals: Deal[];
  /** Small print under the answer (e.g. "a model summary could not be verified"). */
  note?: string;
  /** Adds 👍/👎 buttons carrying this id. */
  feedbackId?: string;
}

interface Footnote {
  n: number;
  source: Source;
}

/** Numbers the sources of the cited facts in order of first citation. */
function footnotes(sentences: AnswerSentence[], deals: Deal[]): { perSentence: Footnote[][]; all: Footnote[] } {
  const byDeal = new Map(deals.map((d) => [d.id, d]));
  const numbers = new Map<string, Footnote>();
  const perSentence = sentences.map((s) => {
    const notes: Footnote[] = [];
    const cite = (deal: Deal | undefined, sourceId: string) => {
      const source = deal?.sources.find((x) => x.id === sourceId);
      if (!source) return;
      const key = source.url;
      let note = numbers.get(key);
      if (!note) {
        note = { n: numbers.size + 1, source };
        numbers.set(key, note);
      }
      if (!notes.includes(note)) notes.push(note);
    };
    for (const ref of s.facts) {
      const [dealId, factId] = ref.split('/');
      const deal = byDeal.get(dealId ?? '');
      for (const sourceId of deal?.facts.find((f) => f.id === factId)?.sources ?? []) cite(deal, sourceId);
    }
    for (const ref of s.sources ?? []) {
      const [dealId, sourceId] = ref.split('/');
      cite(byDeal.get(dealId ?? ''), sourceId ?? '');
    }
    return notes;
  });
  return { perSentence, all: [...numbers.values()] };
}

/**
 * A sentence, escaped, with its footnote links, within a section's 3000 characters. A sentence
 * that does not fit is cut before it is escaped and before its links are added, so a cut never
 * splits an escape (`&amp;`) or leaves half a link (`<https://…`) for Slack to read.
 */
function sentenceLine(text: string, notes: Footnote[]): string {
  // Links first, while they fit in half a section (a source URL can be long).
  let markers = '';
  for (const f of notes) {
    const link = mrkdwnLink(f.source.url, `[${f.n}]`);
    if (markers.length + link.length > LIMITS.sectionText / 2) break;
    markers += link;
  }
  const suffix = markers ? ` ${markers}` : '';
  const room = LIMITS.sectionText - suffix.length;
  let body = escapeMrkdwn(text);
  if (body.length > room) {
    // Escaping at most multiplies the length by 5 (`&` → `&amp;`): shrink until it fits.
    let keep = Math.min(text.length, room);
    do {
      keep = Math.floor(keep * 0.9);
      body = `${escapeMrkdwn(text.slice(0, keep)).trimEnd()}…`;
    } while (body.length > room && keep > 0);
  }
  return `${body}${suffix}`;
}

/** Renders an answer. Sentence text is escaped: it may come from a model. */
export function buildAnswerMessage(view: AnswerView): SlackMessage {
  const { perSentence, all } = footnotes(view.sentences, view.deals);
  const lines = view.sentences.map((s, i) => sentenceLine(s.text, perSentence[i]!));
  const blocks: types.KnownBlock[] = [];
  const intro = [`*${escapeMrkdwn(view.heading)}*`, ...(view.lead ? [escapeMrkdwn(view.lead)] : [])].join('\n');
  blocks.push(sectionBlock(intro));
  // Keep each sentence whole: pack them into sections below Slack's 3000-character limit.
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > LIMITS.sectionText) {
      blocks.push(sectionBlock(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(sectionBlock(current));

  if (all.length > 0) {
    const shown = all.slice(0, LIMITS.contextElements);
    blocks.push({
      type: 'context',
      elements: shown.map((f) => {
        const date = formatPartialDate(f.source.published);
        return { type: 'mrkdwn' as const, text: `[${f.n}] ${mrkdwnLink(f.source.url, `${f.source.publisher}${date ? `, ${date}` : ''}`)}` };
      }),
    });
  }
  if (view.note) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `_${escapeMrkdwn(view.note)}_` }] });
  if (view.feedbackId) {
    blocks.push({
      type: 'actions',
      elements: [button('👍 Helpful', FEEDBACK_ACTIONS.up, view.feedbackId), button('👎 Not helpful', FEEDBACK_ACTIONS.down, view.feedbackId)],
    });
  }
  const text = truncate(
    escapeMrkdwn([view.heading, view.lead, ...view.sentences.map((s) => s.text)].filter(Boolean).join(' ')),
    LIMITS.sectionText,
  );
  return { text, blocks: blocks.slice(0, LIMITS.blocks) };
}

/** A short "working on it" message that is later replaced with chat.update. */
export function buildPlaceholder(what: string): SlackMessage {
  const text = `:hourglass_flowing_sand: ${what}…`;
  return { text, blocks: [sectionBlock(text)] };
}
