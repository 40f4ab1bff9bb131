import path from 'node:path';
import { buildAnswerMessage, FEEDBACK_ACTIONS } from '../../../src/blocks/answer';
import { loadCatalog } from '../../../src/deals/catalog';

const seeds = loadCatalog(path.join(__dirname, '../../../seeds/deals'));
const cspc = seeds.get('az-cspc-2025')!;
const json = (v: unknown) => JSON.stringify(v);

describe('buildAnswerMessage', () => {
  const message = buildAnswerMessage({
    heading: cspc.title,
    sentences: [
      { text: 'CSPC receives an upfront payment of $110 million.', facts: ['az-cspc-2025/upfront-110m'] },
      { text: 'Royalties are single-digit.', facts: ['az-cspc-2025/royalties-single-digit'] },
    ],
    deals: [cspc],
    feedbackId: 'ans-1',
  });

  it('puts footnote markers linking to the sources of the cited facts, numbered by first use', () => {
    const body = json(message.blocks);
    expect(body).toContain('$110 million. <https://regtechafrica.com/');
    expect(body).toContain('|[1]>');
    // The royalty fact's only source (Nasdaq) was already numbered [2] by the first sentence.
    expect(body).toMatch(/single-digit\. <https:\/\/www\.nasdaq\.com[^|]*\|\[2\]>/);
    expect(body).toContain('[3] <https://www.brecorder.com/');
  });

  it('offers 👍/👎 carrying the answer id', () => {
    expect(body()).toContain(`"action_id":"${FEEDBACK_ACTIONS.up}"`);
    expect(body()).toContain('"value":"ans-1"');
    function body() {
      return json(message.blocks);
    }
  });

  it('escapes model text so it cannot ping a channel', () => {
    const m = buildAnswerMessage({
      heading: 'x',
      sentences: [{ text: '<!channel> look <@U1>', facts: ['az-cspc-2025/upfront-110m'] }],
      deals: [cspc],
    });
    expect(json(m)).not.toContain('<!channel>');
    expect(json(m)).not.toContain('<@U1>');
  });

  it('shows the note in small print and no buttons without an id', () => {
    const m = buildAnswerMessage({ heading: 'x', sentences: [], deals: [cspc], note: 'could not be verified' });
    expect(json(m.blocks)).toContain('_could not be verified_');
    expect(json(m.blocks)).not.toContain('action_id');
  });
});
