/**
 * Who pays whom: the paying and receiving parties a sentence gives its money figures, read from a
 * few plain shapes only, so that "CSPC will pay AstraZeneca $110 million" can be told from
 * "AstraZeneca pays CSPC $110 million":
 * - "<party> pays / invests / commits / shells out / injects / hands over / puts up / foots
 *   [<party>] … $X [… to / into <party>]"; "puts / pours … $X … into" only with the "into";
 * - "<party> receives / earns / gets / takes home / nets / rakes in / lands / secures / is
 *   eligible for / qualifies for / is in line for / will be paid / was handed … $X [… from
 *   <party>]";
 * - "$X [upfront] to / from <party>", "payment to <party>", "paid by <party>";
 * - "$X [upfront] [is] for <party>", "$X … in <party>'s favour / in favour of <party>": that
 *   party receives, unless a paying or buying verb comes before the figure ("paid $X for
 *   Verge" may name what was bought) or the party is a possessive ("$X for CSPC's platform");
 * - "$X [upfront] is / was <party>'s", the possessive ending the clause: that party receives;
 * - a subject with a denied party after it: "<party>, not <party>, pays / receives …", which
 *   gives the first party the role and denies it to the second.
 * A subject may be the first word of a party's name ("Beijing will invest …") where every party
 * whose name starts with it has one role; anywhere else such a word is a place or a thing.
 * Wherever one party is read, parties joined to it by "and" ("<party> and <party>", "<party>,
 * <party> and <party>") are read with it: "Tempus pays AstraZeneca and Pathos $200 million"
 * gives both as receivers, "AstraZeneca and Pathos pay …" both as payers, and so "AstraZeneca and
 * the Beijing government together / jointly committed …".
 * A verb counts only with a money figure soon after it in the same clause ("AstraZeneca gets
 * exclusive rights for $100 million" says nothing of who receives the $100 million), and a
 * negated verb ("does not pay") not at all. Anything else gives no direction: the check that
 * uses this only compares directions where both sides state one.
 *
 * A mention of royalties ("royalties", "a royalty") is paid and received like a money figure
 * with no amount, in the same shapes ("CSPC will pay AstraZeneca tiered royalties", "royalties
 * to CSPC"); a verb gives a direction both to the first money figure and to the first royalty
 * mention after it, so "CSPC receives $100 million upfront and royalties" gives CSPC both. A
 * royalty mention after "for", "in exchange" and the like is something bought, and gets none.
 *
 * Works on `cleanText` text, with the figures `extractFigures` found in it.
 */
import type { Deal } from '../deals/schema';
import { escapeRegExp } from '../regexp';
import type { Figure, MoneyFigure } from './figures';

/** Where a text speaks of royalties ("royalties", "a royalty"): paid, but with no amount. */
export interface RoyaltyMention {
  kind: 'royalty';
  start: number;
  end: number;
}

/** What a flow is of: a money figure, or royalties. */
export type Payable = MoneyFigure | RoyaltyMention;

/** The same payment: money of the same amount, or royalties both. */
export function samePayable(a: Payable, b: Payable): boolean {
  if (a.kind === 'royalty' || b.kind === 'royalty') return a.kind === b.kind;
  return a.amount === b.amount;
}

/**
 * The parties a text says pay and receive one money figure or royalties (indices into
 * `deal.parties`).
 */
export interface MoneyFlow {
  figure: Payable;
  payers: Set<number>;
  receivers: Set<number>;
  /** Parties the text says do not pay it, or do not receive it ("AstraZeneca, not CSPC, pays"). */
  notPayers: Set<number>;
  notReceivers: Set<number>;
  /** Where those denied parties are named in the text. */
  denials: number[];
}

interface Mention {
  start: number;
  end: number;
  party: number;
  /** Named by the first word of its name only: read as a subject, nowhere else ("to Beijing" is a place). */
  weak?: boolean;
}

/** Each party's names as whole-word patterns, made once per deal's party list. */
const namePatterns = new WeakMap<Deal['parties'], { re: RegExp; party: number; weak?: boolean }[]>();

function patternsOf(parties: Deal['parties']): { re: RegExp; party: number; weak?: boolean }[] {
  let patterns = namePatterns.get(parties);
  if (!patterns) {
    const nameRe = (name: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'gu');
    patterns = parties.flatMap((p, party) => [p.name, ...p.aliases].map((name): { re: RegExp; party: number; weak?: boolean } => ({ re: nameRe(name), party })));
    // A party called by the first word of its name, "Beijing will invest" for the Beijing
    // Municipal Government: when every party whose name starts with that word has the same
    // role, it names one side, as the subject of a verb of paying or receiving only. Full
    // names still win where both match (longest first).
    const byFirst = new Map<string, number[]>();
    parties.forEach((p, party) => {
      const first = /^(\p{Lu}[\p{L}\p{N}.-]{3,})\s/u.exec(p.name)?.[1];
      if (first) byFirst.set(first, [...(byFirst.get(first) ?? []), party]);
    });
    for (const [first, named] of byFirst) {
      if (named.every((k) => parties[k]!.role === parties[named[0]!]!.role)) patterns.push({ re: nameRe(first), party: named[0]!, weak: true });
    }
    namePatterns.set(parties, patterns);
  }
  return patterns;
}

/** Where the parties are named, longest name first ("CSPC Pharma" over "CSPC"). */
function partyMentions(text: string, parties: Deal['parties']): Mention[] {
  const all: Mention[] = [];
  for (const { re, party, weak } of patternsOf(parties)) {
    for (const m of text.matchAll(re)) all.push({ start: m.index, end: m.index + m[0].length, party, ...(weak ? { weak } : {}) });
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mention[] = [];
  for (const m of all) if (!out.some((o) => m.start < o.end && o.start < m.end)) out.push(m);
  return out;
}

/**
 * Auxiliaries and adverbs between a subject and its verb: "CSPC will also be paid"; and
 * "together", "jointly", "both", "between them": joined subjects who pay as one ("A and B
 * together committed $X") still pay.
 */
const AUX = `(?:(?:will|would|shall|must|can|could|may|might|is|are|was|were|has|have|had|also|then|still|now|already|agreed|agrees|set|due|expected|expects|plans|to|be|been|going|able|stands|first|further|additionally|together|jointly|both|between them)\\s+){0,4}`;
/** Paying verbs that say so only with "into" after the money: "puts $X into Verge", not "put the value at $X". */
const INTO_VERB = 'puts|put|putting|pours|poured|pour|pouring|ploughs|ploughed|plough|ploughing|plows|plowed|plow|plowing';
const PAY_VERB =
  'pays|paid|pay|paying|invests|invested|invest|investing|commits|committed|commit|spends|spent|spend|gives|gave|given|give|hands|handed|transfers|transferred|transfer|owes|owed|owe|funds|funded|fund|provides|provided|provide|contributes|contributed|contribute|' +
  'shells out|shelled out|shell out|shelling out|forks out|forked out|fork out|forking out|injects|injected|inject|injecting|' +
  'puts up|put up|putting up|stumps up|stumped up|stump up|coughs up|coughed up|cough up|foots|footed|foot|footing|spending|' +
  INTO_VERB;
const INTO_VERB_RE = new RegExp(`^(?:${INTO_VERB})$`);
/** "into" within a few words after a money figure, in its clause part. */
const INTO_AFTER_RE = /^(?:\s+[^\s,;:.]+){0,3}?\s+into\b/i;
const RECEIVE_VERB =
  'receives|received|receive|receiving|gets|got|get|earns|earned|earn|earning|collects|collected|collect|gains|gained|gain|pockets|pocketed|obtains|obtained|obtain|banks|banked|eligible for|entitled to|' +
  'takes home|took home|take home|taking home|taken home|nets|netted|net|netting|rakes in|raked in|rake in|raking in|lands|landed|land|landing|secures|secured|secure|securing|' +
  'qualifies for|qualified for|qualify for|qualifying for|in line for';
const RECEIVE_VERB_RE = new RegExp(`^(?:${RECEIVE_VERB})$`);
const SUBJECT_VERB_RE = new RegExp(`^\\s+(${AUX})(${PAY_VERB}|${RECEIVE_VERB})\\b`, 'i');
const PASSIVE_RE = /\b(?:is|are|was|were|be|been|being|get|gets|got)\s+$/i;
/** Paying verbs that, in the passive, make their subject the receiver: "CSPC was handed $110 million". */
const PASSIVE_PAY_RE = /^(?:paid|owed|given|handed|funded|injected|provided)$/;
/** ", not CSPC," between a subject and its verb. */
const DENIED_APPOSITION_RE = /^,\s+(?:and\s+)?not\s+(?:even\s+)?(?:the\s+)?/i;
/** Words between a receiving verb and "its" figure that make the figure something else's. */
const NOT_THE_OBJECT_RE = /\b(?:for|in exchange|in return|against|paying|pays|paid|by)\b/i;
const CLAUSE_END_RE = /[;:]|\.(?:\s|$)/;
const ROYALTY_RE = /\broyalt(?:y|ies)\b/gi;
/** What joins parties into one subject or object: "A and B", "A, B and C", "A & B". */
const JOIN_RE = /^(?:\s*,\s*(and\s+)?|\s+(and)\s+|\s*(&)\s*)(?:the\s+)?/i;
/** A comma ends the part of a clause a verb's object may be in. */
const PART_END_RE = /[,;:]|\.(?:\s|$)/;

/** "was ", "is all " before a party named in a possessive ("… was Verge's."). */
const POSSESSIVE_RE = /\b(?:is|are|was|were|be|been|becomes?|became)\s+(?:(?:all|entirely|wholly|solely)\s+)?(?:the\s+)?/gi;
/** The possessive after that party, ending its clause. */
const OWNED_END_RE = /^'s?(?=\s*(?:[,;:!?]|\.(?:\s|$)|$))/;

/** Verbs before a money figure after which "for <party>" may be what is bought or paid for. */
const BUYING_RE = new RegExp(`\\b(?:${PAY_VERB}|buys|bought|buy|buying|acquires|acquired|acquire|acquiring|offers|offered|offer|bids|bid)\\b`, 'i');
/** Up to a few words of the clause part after a money figure, then "in [the] " before a possessive: "… in AstraZeneca's favour". */
const FAVOUR_RE = /^(?:\s+[^\s,;:.]+){0,3}?\s+in\s+(?:the\s+)?/i;

function wordCount(s: string): number {
  return s.trim() ? s.trim().split(/\s+/).length : 0;
}

/**
 * The money flows of a text, royalties included. `figures` are `extractFigures(text)`; figures
 * and royalty mentions with no direction words are left out.
 */
export function moneyFlows(text: string, figures: readonly Figure[], parties: Deal['parties']): MoneyFlow[] {
  const money = figures.filter((f): f is MoneyFigure => f.kind === 'money');
  const royalties: RoyaltyMention[] = [...text.matchAll(ROYALTY_RE)].map((m) => ({ kind: 'royalty', start: m.index, end: m.index + m[0].length }));
  if (money.length === 0 && royalties.length === 0) return [];
  const mentions = partyMentions(text, parties);
  if (mentions.length === 0) return [];
  const payables: Payable[] = [...money, ...royalties];
  const flows = new Map<Payable, MoneyFlow>();
  const flow = (f: Payable): MoneyFlow => {
    let out = flows.get(f);
    if (!out) flows.set(f, (out = { figure: f, payers: new Set(), receivers: new Set(), notPayers: new Set(), notReceivers: new Set(), denials: [] }));
    return out;
  };
  /** Parties named in full or by an alias: all but subjects are read from these. */
  const named = mentions.filter((m) => !m.weak);
  const mentionAt = (at: number): Mention | undefined => named.find((m) => m.start === at);
  /**
   * `first` and the parties joined to it by "and" ("AstraZeneca and Pathos"); a list joined by
   * commas counts only when its last link is "and" ("A, B and C", not "A, B").
   */
  const joined = (first: Mention): Mention[] => {
    const out = [first];
    let closed = true;
    for (;;) {
      const last = out[out.length - 1]!;
      const j = JOIN_RE.exec(text.slice(last.end));
      const next = j ? mentionAt(last.end + j[0].length) : undefined;
      if (!j || !next) break;
      closed = Boolean(j[1] ?? j[2] ?? j[3]);
      out.push(next);
    }
    return closed ? out : [first];
  };
  /**
   * The party named just after one of `words`, at most `maxWords` words after `from`, with any
   * joined to it by "and"; none when there is no such party.
   */
  const partyAfter = (from: number, words: RegExp, maxWords: number): Mention[] => {
    const rest = text.slice(from);
    const stop = rest.search(CLAUSE_END_RE);
    const window = stop >= 0 ? rest.slice(0, stop) : rest;
    const re = new RegExp(`\\b(?:${words.source})\\s+(?:the\\s+)?`, 'gi');
    for (const m of window.matchAll(re)) {
      const between = window.slice(0, m.index);
      if (wordCount(between) > maxWords || /\bfor\b/i.test(between)) return [];
      const hit = mentionAt(from + m.index + m[0].length);
      if (hit) return joined(hit);
    }
    return [];
  };
  /**
   * The first of `list` (money figures or royalty mentions) after the verb ending at `at`: in
   * the same part of the clause (no comma between), within a few words, with no other party
   * named between but the objects. Joined objects count as one word ("pays A, B and C $X").
   */
  const payableAfter = (list: readonly Payable[], at: number, receiving: boolean, objects: readonly Mention[]): Payable | undefined => {
    const f = list.find((g) => g.start >= at);
    if (!f) return undefined;
    const first = objects[0];
    const last = objects[objects.length - 1];
    const between =
      first && last && objects.length > 1 && last.end <= f.start
        ? `${text.slice(at, first.start)}them${text.slice(last.end, f.start)}`
        : text.slice(at, f.start);
    if (PART_END_RE.test(between) || wordCount(between) > 8) return undefined;
    if ((receiving || f.kind === 'royalty') && NOT_THE_OBJECT_RE.test(between)) return undefined;
    if (named.some((m) => !objects.includes(m) && m.start >= at && m.end <= f.start)) return undefined;
    return f;
  };

  for (const m of mentions) {
    // "AstraZeneca, not CSPC, pays …": the subject takes the verb, the other party is denied it.
    let subjectEnd = m.end;
    let denied: Mention | undefined;
    const apposition = DENIED_APPOSITION_RE.exec(text.slice(m.end));
    const other = apposition ? mentionAt(m.end + apposition[0].length) : undefined;
    let subjects = [m];
    if (other && text[other.end] === ',') {
      denied = other;
      subjectEnd = other.end + 1;
    } else {
      // "AstraZeneca and Pathos pay …".
      subjects = joined(m);
      subjectEnd = subjects[subjects.length - 1]!.end;
    }
    const v = SUBJECT_VERB_RE.exec(text.slice(subjectEnd));
    if (!v) continue;
    const verbEnd = subjectEnd + v[0].length;
    const verb = (v[2] ?? '').toLowerCase().replace(/\s+/g, ' ');
    const passive = PASSIVE_PAY_RE.test(verb) && PASSIVE_RE.test(v[1] ?? '');
    const receiving = passive || RECEIVE_VERB_RE.test(verb);
    // "pays CSPC $110 million", "pays to CSPC …", "pays the BDA …", "pays AstraZeneca and Pathos …".
    const object = receiving ? undefined : mentionAt(verbEnd + (/^\s+(?:to\s+)?(?:the\s+)?/i.exec(text.slice(verbEnd))?.[0].length ?? 0));
    const objects = object ? joined(object) : [];
    const paid = [payableAfter(money, verbEnd, receiving, objects), payableAfter(royalties, verbEnd, receiving, objects)];
    for (const f of paid) {
      if (!f) continue;
      if (INTO_VERB_RE.test(verb) && !INTO_AFTER_RE.test(text.slice(f.end))) continue;
      if (denied) {
        (receiving ? flow(f).notReceivers : flow(f).notPayers).add(denied.party);
        if (!flow(f).denials.includes(denied.start)) flow(f).denials.push(denied.start);
      }
      if (receiving) {
        for (const x of subjects) flow(f).receivers.add(x.party);
        for (const x of partyAfter(f.end, /from|by/, 4)) flow(f).payers.add(x.party);
      } else {
        for (const x of subjects) flow(f).payers.add(x.party);
        // "pays $110 million to CSPC", "invests $2.5 billion in …".
        const receivers = objects.length > 0 ? objects : partyAfter(f.end, /to|into|in/, 4);
        for (const x of receivers) flow(f).receivers.add(x.party);
      }
    }
  }
  // "$110 million upfront to CSPC", "payment to CSPC of $110 million", "$110 million paid by AZ",
  // "royalties to CSPC".
  for (const f of payables) {
    for (const x of partyAfter(f.end, /to/, 3)) flow(f).receivers.add(x.party);
    for (const x of partyAfter(f.end, /from|paid by|payable by/, 3)) flow(f).payers.add(x.party);
  }
  // "an upfront payment of $42 million for AstraZeneca", "$110 million is for AstraZeneca",
  // "$42 million in AstraZeneca's favour": the party is the receiver, but not after a verb that
  // pays or buys ("paid $X for Verge" may name what was bought) nor as a possessive ("$X for
  // CSPC's platform").
  for (const f of payables) {
    const clauseStart = Math.max(text.lastIndexOf(';', f.start), text.lastIndexOf(': ', f.start), text.lastIndexOf('. ', f.start), 0);
    if (BUYING_RE.test(text.slice(clauseStart, f.start))) continue;
    for (const x of partyAfter(f.end, /for|in favou?r of/, 3)) if (!/^'s?\b/.test(text.slice(x.end))) flow(f).receivers.add(x.party);
    const favour = FAVOUR_RE.exec(text.slice(f.end));
    const owner = favour ? mentionAt(f.end + favour[0].length) : undefined;
    if (owner && /^'s?\s+favou?r\b/i.test(text.slice(owner.end))) flow(f).receivers.add(owner.party);
  }
  for (const m of text.matchAll(/\b(?:payments?|paid|payable|fees?)\s+(to|from|by)\s+(?:the\s+)?/gi)) {
    const hit = mentionAt(m.index + m[0].length);
    if (!hit) continue;
    const clauseStart = Math.max(text.lastIndexOf(';', m.index), text.lastIndexOf(': ', m.index), text.lastIndexOf('. ', m.index));
    const rest = text.slice(m.index);
    const stop = rest.search(CLAUSE_END_RE);
    const clauseEnd = stop >= 0 ? m.index + stop : text.length;
    for (const f of payables) {
      if (f.start <= clauseStart || f.start >= clauseEnd) continue;
      for (const x of joined(hit)) {
        if ((m[1] ?? '').toLowerCase() === 'to') flow(f).receivers.add(x.party);
        else flow(f).payers.add(x.party);
      }
    }
  }
  // "The upfront of $42 million was Verge's.": a possessive party that ends the clause after
  // "is" / "was" receives the money figure or royalties just before, in the same part of it.
  for (const m of text.matchAll(POSSESSIVE_RE)) {
    const owner = mentionAt(m.index + m[0].length);
    if (!owner || !OWNED_END_RE.test(text.slice(owner.end))) continue;
    const f = payables.filter((g) => g.end <= m.index).sort((a, b) => b.end - a.end)[0];
    const between = f ? text.slice(f.end, m.index) : '';
    if (!f || PART_END_RE.test(between) || wordCount(between) > 6) continue;
    if (named.some((x) => x.start >= f.end && x.end <= m.index)) continue;
    flow(f).receivers.add(owner.party);
  }
  return [...flows.values()];
}
