/**
 * Shared by the mention, thread-message and Summarise listeners: decide what a message in a
 * conversation is about, then post the card or the answer in the thread, never the channel root.
 */
import type { webApi } from '@slack/bolt';
import { buildAnswerMessage, buildPlaceholder } from '../blocks/answer';
import type { SlackMessage } from '../blocks/deal-card';
import { buildLookupReply } from '../blocks/lookup-reply';
import { sectionBlock } from '../blocks/deal-card';
import type { Catalog } from '../deals/catalog';
import type { Deal } from '../deals/schema';
import type { ResolvedTerm } from '../deals/search';
import { editDistance, nameKeys, normalize, tokens, typoBudget } from '../deals/text';
import type { ComposedAnswer } from '../services/answer';
import { lookupDeals, type LookupOutcome } from '../services/lookup';
import type { ListenerDeps } from './deps';

const QUESTION_START =
  /^(how|what|what's|whats|who|whom|whose|when|where|which|why|did|does|do|is|are|was|were|has|have|can|could|tell|show|list|give|summari[sz]e|explain)\b/i;

/** Links as Slack sends them (`<https://…?id=3|label>`) and as typed (`https://…?id=3`). */
const LINKS = /<[^>]*>|\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;

/**
 * Whether a message asks something (rather than just naming a deal or chatting): it has a
 * question mark, or it starts with a question word ("how much is the upfront"). The `?` of a
 * web address does not count: a pasted link in the thread is not a question to the bot.
 */
export function isQuestion(text: string): boolean {
  const t = text.replace(LINKS, ' ').trim();
  return t.includes('?') || QUESTION_START.test(t);
}

export interface ThreadTarget {
  client: webApi.WebClient;
  channel: string;
  /** The thread to answer in (the parent message's ts). */
  threadTs: string;
}

async function post(target: ThreadTarget, message: SlackMessage): Promise<string | undefined> {
  const res = await target.client.chat.postMessage({
    channel: target.channel,
    thread_ts: target.threadTs,
    unfurl_links: false,
    unfurl_media: false,
    ...message,
  });
  return res.ts;
}

/** Renders a composed answer, saving it for feedback when a model wrote it. */
async function render(deps: ListenerDeps, deal: Deal, answer: ComposedAnswer, question: string): Promise<SlackMessage> {
  let feedbackId: string | undefined;
  if (answer.source === 'llm') {
    feedbackId = await deps.conversations.saveAnswer({
      question,
      answer: answer.sentences.map((s) => s.text).join(' '),
      dealIds: answer.deals.map((d) => d.id),
      source: answer.source,
      at: Date.now(),
    });
  }
  const lead =
    answer.kind === 'unknown'
      ? `The sources we hold don't say anything about ${answer.asked}. Here is what they do say:`
      : answer.kind === 'related'
        ? `The sources we hold may not answer that. Here is what they say about ${answer.asked}:`
        : undefined;
  return buildAnswerMessage({
    heading: answer.kind === 'summary' ? `Summary: ${deal.title}` : deal.title,
    lead,
    sentences: answer.sentences,
    deals: answer.deals,
    note: answer.note,
    feedbackId,
  });
}

/**
 * Answers `question` (or summarises when it is undefined) in the thread. With a model, a short
 * placeholder goes up first and is replaced by the answer, so slow answers show progress.
 */
export async function answerInThread(deps: ListenerDeps, target: ThreadTarget, deal: Deal, question?: string): Promise<void> {
  await deps.conversations.setThreadSubject(target.channel, target.threadTs, [deal.id]);
  const compose = () => (question === undefined ? deps.answers.summarise(deal) : deps.answers.answer(deal, question));
  if (!deps.answers.usesModel) {
    await post(target, await render(deps, deal, await compose(), question ?? ''));
    return;
  }
  const placeholderTs = await post(target, buildPlaceholder(question === undefined ? 'Summarising from the facts' : 'Checking the facts'));
  const message = await render(deps, deal, await compose(), question ?? '');
  if (!placeholderTs) {
    await post(target, message);
    return;
  }
  try {
    await target.client.chat.update({ channel: target.channel, ts: placeholderTs, ...message });
  } catch (err) {
    deps.logger.warn('chat.update failed; posting the answer as a new reply:', (err as Error).message);
    await post(target, message);
    // The "Checking the facts…" placeholder would otherwise stay in the thread for good.
    try {
      await target.client.chat.delete({ channel: target.channel, ts: placeholderTs });
    } catch (deleteErr) {
      deps.logger.warn('could not delete the placeholder after posting the answer:', (deleteErr as Error).message);
    }
  }
}

/** Posts a lookup result (card, list, help, no match) in the thread. */
export async function lookupInThread(deps: ListenerDeps, target: ThreadTarget, outcome: LookupOutcome): Promise<void> {
  if (outcome.kind === 'found') {
    await deps.conversations.setThreadSubject(target.channel, target.threadTs, [outcome.deal.id]);
  }
  await post(target, buildLookupReply(outcome, { summarisable: true }));
}

/** "Which deal?" when a question names none and the thread's subject is not known. */
export async function askForDeal(target: ThreadTarget): Promise<void> {
  const text =
    "I can't tell which deal this is about. Name it in your question, e.g. `@Deal Briefing astrazeneca cspc how much is the upfront?`";
  await post(target, { text, blocks: [sectionBlock(text)] });
}

/** The deal a message names, when it names one (parties resolved and at least one deal found). */
export function namedDeal(deps: ListenerDeps, text: string): { outcome: LookupOutcome; deal: Deal } | undefined {
  const outcome = lookupDeals(deps.catalog(), text);
  return outcome.kind === 'found' ? { outcome, deal: outcome.deal } : undefined;
}

/** Whether every party `text` names is a party of `deal` (true when it names none). */
function namesOnlyPartiesOf(catalog: Catalog, text: string, deal: Deal): boolean {
  const own = new Set(deal.parties.map((p) => normalize(p.name)));
  return catalog.index
    .read(text)
    .terms.filter((term) => namesWholly(catalog, term))
    .every((term) => term.parties.some((key) => own.has(key)));
}

/**
 * Whether a term names its party: by the party's name or an alias (a misspelling of one
 * counts), or by the name's first word ("Beijing", "Verge"). A later word of a longer name does
 * not: "development", "area" and "government" are words of the Beijing counterparties' names,
 * and "what are the development milestones?" asks about the thread's deal, not about Beijing.
 */
function namesWholly(catalog: Catalog, term: ResolvedTerm): boolean {
  if (term.how === 'name' || term.how === 'alias') return true;
  const typed = tokens(term.text).join('');
  const budget = term.how === 'word' ? 0 : typoBudget(typed.length);
  return term.parties.some((key) => {
    const party = catalog.index.party(key);
    if (!party) return false;
    const keys = [party.name, ...party.aliases].flatMap(nameKeys);
    const first = tokens(party.name)[0];
    if (first !== undefined) keys.push(first);
    return keys.some((k) => editDistance(typed, k, budget) <= budget);
  });
}

/**
 * The common path for a message to the bot: a named deal switches the subject (card, or answer
 * when it is a question); otherwise the question is about the thread's subject, else about the
 * deal this person just looked up, else we ask which deal.
 */
export async function handleConversationMessage(
  deps: ListenerDeps,
  target: ThreadTarget,
  text: string,
  options: { user?: string; inThread: boolean },
): Promise<void> {
  const catalog = deps.catalog();
  const subjectIds =
    (options.inThread ? await deps.conversations.threadSubject(target.channel, target.threadTs) : undefined) ??
    (options.user ? await deps.conversations.recentLookup(target.channel, options.user) : undefined);
  const subject = subjectIds?.map((id) => catalog.get(id)).find((d): d is Deal => d !== undefined);
  const named = text ? namedDeal(deps, text) : undefined;
  if (named) {
    if (!isQuestion(text)) {
      await lookupInThread(deps, target, named.outcome);
      return;
    }
    // "How much did AZ pay?" in a thread about an AZ deal stays on that deal; only naming a
    // party the subject does not involve switches the thread to the deal named. Filter words
    // alone never do: "what licence rights does AZ get?" under a research deal is a question
    // about that deal, not about AZ's latest licence.
    const stays = subject !== undefined && namesOnlyPartiesOf(catalog, text, subject);
    await answerInThread(deps, target, stays ? subject : named.deal, text);
    return;
  }
  if (text && isQuestion(text)) {
    if (subject) await answerInThread(deps, target, subject, text);
    else await askForDeal(target);
    return;
  }
  await lookupInThread(deps, target, lookupDeals(catalog, text));
}
