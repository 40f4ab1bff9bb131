import { typedText } from '../../src/listeners/typed-text';

describe('typedText', () => {
  it('gives back what the person typed from the text Slack sends', () => {
    expect(typedText('<@U0BOT> astrazeneca &gt;1b')).toBe('astrazeneca >1b');
    expect(typedText('<@U0BOT|deal> what about R&amp;D &lt;500m?')).toBe('what about R&D <500m?');
    // Decoded once: a typed "&gt;" stays as typed.
    expect(typedText('&amp;gt; is how it is written')).toBe('&gt; is how it is written');
  });

  it('keeps the words of links, channels and broadcasts, not their markup', () => {
    expect(typedText('see <https://example.com/a|the report> and <https://example.com/b>')).toBe('see the report and https://example.com/b');
    expect(typedText('ask <#C0123|bd-team> or <!here>, <!subteam^S01|@bd> <!channel>')).toBe('ask #bd-team or ,');
  });

  it('collapses spaces, tabs and line breaks in plain text too', () => {
    expect(typedText('  astrazeneca \t\n cspc  ')).toBe('astrazeneca cspc');
    expect(typedText('')).toBe('');
  });
});
