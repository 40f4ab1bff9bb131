/**
 * Reading Block Kit messages the way a person sees them: the texts of the blocks, the
 * buttons, and the fields under a label.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface Button {
  action_id: string;
  value?: string;
  text: string;
  /** Index of the block holding the button. */
  block: number;
}

/** Every mrkdwn/plain_text string in the blocks, in order. */
export function blockTexts(blocks: any[] | undefined): string[] {
  const out: string[] = [];
  const visit = (node: any) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if ((node.type === 'mrkdwn' || node.type === 'plain_text') && typeof node.text === 'string') out.push(node.text);
    for (const [k, v] of Object.entries(node)) if (k !== 'type' && typeof v === 'object') visit(v);
  };
  visit(blocks ?? []);
  return out;
}

/** All the text a user could read: blocks plus the notification fallback. */
export function allText(message: { text?: string; blocks?: any[] }): string {
  return [message.text ?? '', ...blockTexts(message.blocks)].join('\n');
}

/** Buttons in `actions` blocks and section accessories. */
export function buttons(blocks: any[] | undefined): Button[] {
  const out: Button[] = [];
  (blocks ?? []).forEach((b: any, i: number) => {
    const candidates = b.type === 'actions' ? b.elements ?? [] : b.accessory ? [b.accessory] : [];
    for (const e of candidates) {
      if (e?.type === 'button') out.push({ action_id: e.action_id, value: e.value, text: e.text?.text ?? '', block: i });
    }
  });
  return out;
}

/** The text of the section field whose bold label matches `label` (e.g. "*Upfront*\n$110 million"). */
export function fieldValue(blocks: any[] | undefined, label: string | RegExp): string | undefined {
  for (const b of blocks ?? []) {
    for (const f of b.fields ?? []) {
      const [head, ...rest] = String(f.text).split('\n');
      const name = (head ?? '').replace(/^\*|\*$/g, '');
      if (typeof label === 'string' ? name === label : label.test(name)) return rest.join('\n');
    }
  }
  return undefined;
}

/** Index of the first block whose text matches. */
export function blockIndex(blocks: any[] | undefined, pattern: RegExp): number {
  return (blocks ?? []).findIndex((b: any) => blockTexts([b]).some((t) => pattern.test(t)));
}
