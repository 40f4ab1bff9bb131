/**
 * Whether a deal's facts back its value split and its stage: the card shows the structured
 * amounts, and each must be stated by a fact on its topic — the same amount in the same
 * currency, and not more certain than the fact ("$110 million" on the card needs a fact saying
 * $110 million, not "up to $110 million"); the card's "Stage at signing" must be named by a
 * fact. Used by the schema (which reports) and the fast check (which leaves a deal that fails
 * to the schema), so both apply the same rules.
 */
import { formatMoney, moneyMentions, type MoneyMention } from './money';
import { QUALIFIER_WORDS, VALUE_COMPONENTS, type Royalties, type Stage, type ValueComponent, type ValueComponentKey } from './vocabulary';

interface TopicFact {
  topic: string;
  text: string;
}

const TOPIC_OF = Object.fromEntries(VALUE_COMPONENTS.map((k) => [k, `value.${k}`])) as Record<ValueComponentKey, string>;

/** What is wrong with how the facts back value component `key`, or undefined when nothing is. */
export function componentBackingProblem(key: ValueComponentKey, component: ValueComponent | undefined, facts: readonly TopicFact[]): string | undefined {
  if (!component) return undefined;
  const topic = TOPIC_OF[key];
  let onTopic = false;
  let qualified: MoneyMention['qualifier'] | undefined;
  for (const f of facts) {
    if (f.topic !== topic) continue;
    onTopic = true;
    if (component.status !== 'disclosed') return undefined;
    const { amount, currency } = component.amount;
    for (const m of moneyMentions(f.text)) {
      if (m.money.amount !== amount || m.money.currency !== currency) continue;
      // A fact's unqualified amount backs any qualifier; a qualified one only the same one.
      if (m.qualifier === 'exact' || m.qualifier === component.qualifier) return undefined;
      qualified = m.qualifier;
    }
  }
  if (!onTopic) {
    return component.status === 'disclosed'
      ? `no fact with topic '${topic}' supports this figure; add one with its sources`
      : `no fact with topic '${topic}' says it was not disclosed; add one with its sources`;
  }
  if (component.status !== 'disclosed') return undefined;
  const shown = formatMoney(component.amount);
  if (qualified === 'other') return `the facts on '${topic}' give ${shown} only as one end of a range or in a comparison ("less than", "between"), which backs no single figure; record what they state`;
  if (qualified) return `recorded as ${QUALIFIER_WORDS[component.qualifier]}${shown} (qualifier: ${component.qualifier}), but the fact says ${QUALIFIER_WORDS[qualified]}${shown}: set qualifier: ${qualified}`;
  return `no fact with topic '${topic}' states ${shown} (written with its currency, e.g. '${shown}'); correct the amount or the fact`;
}

/** The numbers in a royalty description ("15%", "8–12%"), each of which a fact must state. */
const NUMBER_RE = /\d+(?:\.\d+)?/g;

/** What is wrong with how the facts back the royalties, or undefined when nothing is. */
export function royaltiesBackingProblem(royalties: Royalties | undefined, facts: readonly TopicFact[]): string | undefined {
  if (!royalties) return undefined;
  const texts: string[] = [];
  for (const f of facts) if (f.topic === 'value.royalties') texts.push(f.text);
  if (texts.length === 0) {
    return royalties.status === 'disclosed'
      ? "no fact with topic 'value.royalties' supports this; add one with its sources"
      : "no fact with topic 'value.royalties' says they were not disclosed; add one with its sources";
  }
  if (royalties.status !== 'disclosed') return undefined;
  for (const n of royalties.text.match(NUMBER_RE) ?? []) {
    if (!texts.some((t) => statesNumber(t, n))) return `no fact with topic 'value.royalties' states ${n}; correct the royalties or the fact`;
  }
  return undefined;
}

/** Whether `text` has the number `n` as a whole number (not "150" or "1.5" for "15"). */
function statesNumber(text: string, n: string): boolean {
  return new RegExp(String.raw`(?<![\d.])${n.replace('.', '\\.')}(?!\.?\d)`).test(text);
}

/**
 * The words by which a fact names each stage ("preclinical", "Phase II", "drug discovery").
 * `not_applicable` (an investment in a site, say) claims no stage, and needs no fact.
 */
const STAGE_WORDS: Record<Stage, RegExp | undefined> = {
  discovery: /\bdiscovery\b/i,
  preclinical: /\bpre-?clinical\b/i,
  phase_1: /\bphase\s*(?:1|I)(?![\dI])/i,
  phase_2: /\bphase\s*(?:2|II)(?![\dI])/i,
  phase_3: /\bphase\s*(?:3|III)(?![\dI])/i,
  filed: /\b(?:filed|filing|submitted|submission)\b/i,
  approved: /\bapprov(?:ed|al)\b/i,
  marketed: /\b(?:marketed|on the market|launched)\b/i,
  platform: /\bplatform\b/i,
  not_applicable: undefined,
};

/** How a fact names `stage`, or undefined for a stage that claims nothing. */
export function stageWords(stage: Stage): RegExp | undefined {
  return STAGE_WORDS[stage];
}

/** What is wrong with how the facts back the stage, or undefined when nothing is. */
export function stageBackingProblem(stage: Stage | undefined, facts: readonly TopicFact[]): string | undefined {
  const words = stage && STAGE_WORDS[stage];
  if (!words || facts.some((f) => words.test(f.text))) return undefined;
  return `no fact names the stage '${stage}' (in words such as ${JSON.stringify(stageExample(stage!))}); add one with its sources, or remove the stage`;
}

function stageExample(stage: Stage): string {
  return stage.startsWith('phase_') ? `Phase ${stage.slice(6)}` : stage;
}
