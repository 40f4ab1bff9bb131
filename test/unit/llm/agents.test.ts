/**
 * The readings of `agents.ts` that say who does what together or alone, and whose a thing is.
 */
import { completions, doneAndToCome, exclusives, jointClaims, licences, pluralDeeds, possessions, settled } from '../../../src/llm/agents';

const PARTIES = [
  { name: 'AstraZeneca', aliases: ['AZ'] },
  { name: 'CSPC Pharmaceutical Group', aliases: ['CSPC'] },
];

describe('jointClaims', () => {
  it('reads a joint word with its verb', () => {
    expect(jointClaims('AstraZeneca and CSPC are jointly building a map.')).toEqual([{ word: 'jointly', lemma: 'build', at: 25 }]);
    expect(jointClaims('CSPC co-develops the tools.')).toEqual([{ word: 'co-develops', lemma: 'develop', at: 5 }]);
    expect(jointClaims("the three companies' pooled store")).toEqual([{ word: 'pooled', lemma: 'pool', at: 21 }]);
  });
  it('leaves sums and non-deed "co-" words alone', () => {
    expect(jointClaims('Taken together, the milestones come to $5.22 billion.')).toEqual([]);
    expect(jointClaims('Together with the $110 million upfront, the deal reaches $5.3 billion.')).toEqual([]);
    expect(jointClaims('Immunai co-founder Noam Solomon spoke.')).toEqual([]);
    expect(jointClaims('a vaccine joint venture')).toEqual([]);
  });
  it('reads "joint" in a fact', () => {
    expect(jointClaims('a vaccine joint venture', true)).toEqual([{ word: 'joint', lemma: 'ventur', at: 10 }]);
  });
});

describe('pluralDeeds', () => {
  it('reads a deed given to the parties as a plural subject', () => {
    expect(pluralDeeds('The three companies will build a model.')).toEqual(['build']);
    expect(pluralDeeds('Each of the three partners may use it.')).toEqual([]);
  });
});

describe('exclusives', () => {
  it('reads "only <party>" and "<party> alone", not "not only"', () => {
    expect([...exclusives('Only AstraZeneca may use the model.', PARTIES)]).toEqual([0]);
    expect([...exclusives('CSPC alone runs the research.', PARTIES)]).toEqual([1]);
    expect([...exclusives('Each partner, not only AstraZeneca, may use it.', PARTIES)]).toEqual([]);
    expect([...exclusives("It is only AstraZeneca's second centre.", PARTIES)]).toEqual([]);
  });
});

describe('possessions', () => {
  it("reads '<party>'s <thing>' up to a stop word, leaving ties between parties", () => {
    expect(possessions("AZD0780, CSPC's oral PCSK9 inhibitor.", PARTIES)).toEqual([{ party: 1, phrase: 'oral pcsk9 inhibitor' }]);
    expect(possessions("AstraZeneca's deal with CSPC", PARTIES)).toEqual([]);
  });
});

describe('settled after a verb of beginning', () => {
  it('is as settled as its "begin"', () => {
    expect(settled('AstraZeneca has begun developing it.').has('develop')).toBe(true);
    expect(settled('AstraZeneca plans to begin developing it.').has('develop')).toBe(false);
  });
});

describe('both', () => {
  it('reads "both companies <deed>" as joint, not other verbs', () => {
    expect(jointClaims('Both companies are building the map.')).toEqual([{ word: 'Both companies', lemma: 'build', at: 0 }]);
    expect(jointClaims('Both companies announced the deal.')).toEqual([]);
  });
});

describe('licences', () => {
  const pairs = (text: string) => licences(text, PARTIES).map(({ licensee, licensor }) => ({ licensee, licensor }));
  it('reads who took a licence from whom, from either side', () => {
    const azFromCspc = [{ licensee: 0, licensor: 1 }];
    expect(pairs('AstraZeneca took an exclusive licence from CSPC Pharmaceutical Group to YS2302018.')).toEqual(azFromCspc);
    expect(pairs('AZ in-licensed YS2302018 from CSPC.')).toEqual(azFromCspc);
    expect(pairs('CSPC licensed YS2302018 to AstraZeneca.')).toEqual(azFromCspc);
    expect(pairs('CSPC granted AZ an exclusive licence to the candidate.')).toEqual(azFromCspc);
    expect(pairs('CSPC has agreed to grant exclusive rights to AstraZeneca.')).toEqual(azFromCspc);
    expect(pairs('CSPC took an exclusive licence from AstraZeneca.')).toEqual([{ licensee: 1, licensor: 0 }]);
  });
  it('reads a role noun after a party', () => {
    expect(pairs('CSPC, the licensor, receives $100 million.')).toEqual([{ licensee: undefined, licensor: 1 }]);
    expect(pairs('AstraZeneca is the licensee.')).toEqual([{ licensee: 0, licensor: undefined }]);
  });
  it('reads nothing from money taken, a denied licence, or a party licensing to itself', () => {
    expect(pairs('CSPC received $110 million from AstraZeneca.')).toEqual([]);
    expect(pairs('CSPC did not grant AstraZeneca a licence.')).toEqual([]);
    expect(pairs('AstraZeneca took a licence from AZ.')).toEqual([]);
  });
});

describe('completions and doneAndToCome', () => {
  it('reads perfects and "already" as done, not a plain past or money', () => {
    expect(completions('The companies have built the model and already run trials.').map((c) => c.words)).toEqual(['have built', 'already run']);
    expect(completions('Headcount has now reached 1,700; the centre has been opened.').map((c) => c.words)).toEqual(['has now reached', 'has been opened']);
    expect(completions('AstraZeneca announced the deal. CSPC has received $110 million.')).toEqual([]);
  });
  it('tells what a fact has done from what it only plans', () => {
    const plan = doneAndToCome('The three companies will build a model; AstraZeneca plans to apply the map and expects headcount to reach 1,700.');
    expect([...plan.done]).toEqual([]);
    expect([...plan.toCome].sort()).toEqual(['apply', 'build', 'reach']);
    const done = doneAndToCome('AstraZeneca committed $2.5 billion, and YS2302018 was discovered by CSPC.');
    expect([...done.done].sort()).toEqual(['commit', 'discover']);
    expect([...done.toCome]).toEqual([]);
    expect([...doneAndToCome('CSPC runs the AI-led research itself.').done]).toEqual(['run']);
  });
});
