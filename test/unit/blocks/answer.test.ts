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

  it('links a sentence that cites sources directly (a conflict reading) to those sources', () => {
    const licence = seeds.get('az-cspc-2024')!;
    const body = json(
      buildAnswerMessage({
        heading: licence.title,
        sentences: [{ text: 'Another account: worth up to $1.92 billion.', facts: [], sources: ['az-cspc-2024/regtech-africa', 'az-cspc-2024/reuters-brecorder'] }],
        deals: [licence],
      }).blocks,
    );
    expect(body).toMatch(/\$1\.92 billion\. <https:\/\/regtechafrica\.com[^|]*\|\[1\]><https:\/\/www\.brecorder\.com[^|]*\|\[2\]>/);
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

  it('cuts an over-long sentence before escaping it and keeps its footnote links whole', () => {
    // 3,600 characters, most of them "&" (5 characters once escaped), then the cut.
    const text = `${'R&D '.repeat(900)}ends here.`;
    const m = buildAnswerMessage({ heading: 'x', sentences: [{ text, facts: ['az-cspc-2025/upfront-110m'] }], deals: [cspc] });
    const sections = m.blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    const line = sections[1]!;
    expect(line.length).toBeLessThanOrEqual(3000);
    expect(line).toMatch(/R&amp;D… <https:\/\/regtechafrica\.com\/[^<>]*\|\[1\]>(<https:[^<>]*\|\[\d\]>)*$/);
    // Every & is a whole escape, and no "<" is left without its link.
    expect(line.replace(/&amp;/g, '')).not.toContain('&');
    expect(line.match(/</g)).toHaveLength(line.match(/\|\[\d+\]>/g)!.length);
  });

  it('shows the note in small print and no buttons without an id', () => {
    const m = buildAnswerMessage({ heading: 'x', sentences: [], deals: [cspc], note: 'could not be verified' });
    expect(json(m.blocks)).toContain('_could not be verified_');
    expect(json(m.blocks)).not.toContain('action_id');
  });
});
