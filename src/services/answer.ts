/**
 * Answers a question (or writes a summary) about deals: with the model when one is configured
 * and its output survives verification, otherwise straight from the facts.
 *
 * Nothing the model writes reaches Slack unless every sentence passed the verifier; when what
 * is left would mislead, the deterministic answer is used with a discreet note.
 */
import type { Logger } from '@slack/bolt';
import type { Catalog } from '../deals/catalog';
import type { Deal } from '../deals/schema';
import type { LlmClient } from '../llm/client';
import { LlmError } from '../llm/client';
import { decideAnswer, verifyAnswer } from '../llm/verify';
import { answerFromFacts, disagreementsOn, summaryFromFacts, type AnswerSentence } from './deterministic-answer';
import { relatedDeals } from './lookup';

export interface ComposedAnswer {
  /** Who wrote the sentences: the model (verified) or the facts themselves. */
  source: 'llm' | 'facts';
  /**
   * `unknown`: the facts do not answer the question; sentences show what is known. `related`:
   * facts that share some of the question's words, and may not answer it.
   */
  kind: 'answered' | 'unknown' | 'related' | 'summary';
  /** What the question asked about, for "the sources we hold don't say …". */
  asked: string;
  sentences: AnswerSentence[];
  deals: Deal[];
  /** Set when a model answer was rejected and the facts answer instead. */
  note?: string;
}

/**
 * Model output beyond these is refused unchecked, and the answer comes from the facts. The check
 * of a sentence grows faster than its length (worst cases ~10 ms at 700 characters, ~90 ms at
 * 2,500, with the event loop serving no one meanwhile); at these limits it stays under ~0.2 s,
 * and no briefing needs longer sentences or more of them.
 */
export const MAX_SENTENCE_CHARS = 600;
export const MAX_SENTENCES = 20;

export const UNVERIFIED_NOTE = 'A model-written answer could not be verified against the facts, so this one comes straight from them.';

export interface AnswerServiceDeps {
  catalog: () => Catalog;
  llm?: LlmClient;
  logger: Logger;
}

export interface AnswerService {
  answer(deal: Deal, question: string): Promise<ComposedAnswer>;
  summarise(deal: Deal): Promise<ComposedAnswer>;
  /** True when a model is configured (answers may take a moment: show a placeholder). */
  readonly usesModel: boolean;
}

export function createAnswerService({ catalog, llm, logger }: AnswerServiceDeps): AnswerService {
  /** The model's answer if it verifies, else undefined (with the reason logged). */
  async function fromModel(kind: 'answer' | 'summarise', deals: Deal[], question?: string): Promise<{ sentences: AnswerSentence[] } | { rejected: true } | undefined> {
    if (!llm) return undefined;
    const started = Date.now();
    try {
      const output = await llm.generate({ kind, deals, question });
      const longest = Math.max(0, ...output.sentences.map((s) => s.text.length));
      if (output.sentences.length > MAX_SENTENCES || longest > MAX_SENTENCE_CHARS) {
        logger.warn(`model ${kind} refused unchecked: ${output.sentences.length} sentences, the longest ${longest} characters`);
        return { rejected: true };
      }
      const verification = verifyAnswer(output, { deals });
      const decision = decideAnswer(verification.verdicts, question);
      if (decision.kind === 'post') return { sentences: decision.sentences };
      logger.warn(`model ${kind} rejected by the verifier: ${decision.reason}`);
      return { rejected: true };
    } catch (err) {
      const code = err instanceof LlmError ? err.code : 'error';
      logger.warn(`model ${kind} failed (${code}) after ${Date.now() - started} ms; answering from the facts`);
      return undefined;
    }
  }

  /** Deals whose facts a question about `deal` may cite: the deal and its earlier deals. */
  function context(deal: Deal): Deal[] {
    return [deal, ...relatedDeals(catalog(), deal)];
  }

  return {
    usesModel: Boolean(llm),
    async answer(deal, question) {
      const deals = context(deal);
      const facts = answerFromFacts(catalog(), deal, question);
      const model = await fromModel('answer', deals, question);
      const base = { asked: facts.asked, deals };
      if (model && 'sentences' in model) {
        // The model sees the conflicts but can cite only facts, so a verified answer could give
        // one reading as settled: the readings follow it, as in the facts' answer.
        return { ...base, source: 'llm', kind: 'answered', sentences: [...model.sentences, ...disagreementsOn(deal, question, model.sentences)] };
      }
      return {
        ...base,
        source: 'facts',
        kind: facts.kind,
        sentences: facts.sentences,
        ...(model ? { note: UNVERIFIED_NOTE } : {}),
      };
    },
    async summarise(deal) {
      const deals = [deal];
      const model = await fromModel('summarise', deals);
      const base = { asked: 'an overview', deals, kind: 'summary' as const };
      const readings = disagreementsOn(deal);
      if (model && 'sentences' in model) return { ...base, source: 'llm', sentences: [...model.sentences, ...readings] };
      return { ...base, source: 'facts', sentences: [...summaryFromFacts(deal), ...readings], ...(model ? { note: UNVERIFIED_NOTE } : {}) };
    },
  };
}
