import { unescapeSlackText } from '../blocks/text';

/**
 * What a user typed, from a message's `text` as Slack sends it: Slack encodes `&`, `<` and `>`
 * (`>1b` arrives as `&gt;1b`) and writes mentions and links in angle brackets. Filters and
 * questions are read from the typed words; replies escape whatever they echo again.
 */
export function typedText(text: string): string {
  // Most commands have neither, and then none of the passes below changes anything: skipped,
  // as they are a visible part of a lookup's cost when the CPU caches are cold (under load).
  if (!text.includes('<') && !text.includes('&')) return text.replace(/\s+/g, ' ').trim();
  const words = text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    // Broadcasts (`<!channel>`, `<!here>`, user groups) are never part of a query: dropped, so no
    // reply can echo them even as text.
    .replace(/<![^>]*>/g, ' ')
    .replace(/<([^>|]+)(?:\|([^>]*))?>/g, (_, target: string, label?: string) => label ?? target);
  return unescapeSlackText(words).replace(/\s+/g, ' ').trim();
}
