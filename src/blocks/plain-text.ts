/**
 * Renders a Slack message (blocks + fallback text) as readable plain text for the console.
 */
import type { types } from '@slack/bolt';
import { unescapeSlackText } from './text';

interface MessageLike {
  text?: string;
  blocks?: unknown[];
}

/** Turns mrkdwn into terminal text: links become "label (url)", entities are decoded. */
export function mrkdwnToPlain(text: string): string {
  const plain = text
    .replace(/<https?:[^|>]+\|(\[\d+\])>/g, '$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,:;!?]|$)/gm, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,:;!?]|$)/gm, '$1$2')
    .replace(/:warning:/g, '!');
  return unescapeSlackText(plain);
}

function textOf(obj: { text?: string } | undefined): string {
  return obj?.text ? mrkdwnToPlain(obj.text) : '';
}

/** One block as lines of text. */
function blockLines(block: types.KnownBlock): string[] {
  switch (block.type) {
    case 'header': {
      const t = textOf(block.text);
      return [t, '='.repeat(Math.min(t.length, 72))];
    }
    case 'section': {
      const lines: string[] = [];
      if (block.text) lines.push(textOf(block.text));
      for (const f of block.fields ?? []) {
        const [label, ...rest] = textOf(f).split('\n');
        lines.push(rest.length ? `${label}: ${rest.join('; ')}` : label ?? '');
      }
      const acc = block.accessory as { type?: string; text?: { text?: string }; value?: string } | undefined;
      if (acc?.type === 'button') lines[lines.length - 1] += `  [${acc.text?.text ?? ''}]`;
      return lines;
    }
    case 'context':
      return block.elements.map((e) => ('text' in e ? `  ${mrkdwnToPlain(e.text)}` : ''));
    case 'actions':
      return [
        block.elements
          .map((e) => ('text' in e && e.text && typeof e.text === 'object' ? `[${e.text.text}]` : ''))
          .join(' '),
      ];
    case 'divider':
      return ['-'.repeat(40)];
    case 'rich_text':
      return [];
    default:
      return [];
  }
}

/** The whole message as text; falls back to the `text` field when there are no blocks. */
export function renderPlainText(message: MessageLike): string {
  const blocks = (message.blocks ?? []) as types.KnownBlock[];
  if (blocks.length === 0) return mrkdwnToPlain(message.text ?? '');
  return blocks.flatMap(blockLines).join('\n');
}
