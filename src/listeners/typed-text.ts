import { unescapeSlackText } from '../blocks/text';

/**
 * What a user typed, from a message's `text` as Slack sends it: Slack encodes `&`, `<` and `>`
 * (`>1b` arrives as `&gt;1b`) and writes mentions and links in angle brackets. Filters and
 * questions are read from the typed words; replies escape whatever they echo again.
 */
export function typedText(text: string): string {
  const words = text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    // Broadcasts (`<!channel>`, `<!here>`, user groups) are never part of a query: dropped, so no
    // reply can echo them even as text.
    .replace(/<![^>]*>/g, ' ')
    .replace(/<([^>|]+)(?:\|([^>]*))?>/g, (_, target: string, label?: string) => label ?? target);
  return unescapeSlackText(words).replace(/\s+/g, ' ').trim();
}
