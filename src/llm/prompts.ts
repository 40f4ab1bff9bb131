/**
 * Prompt templates live in `prompts/` as Markdown with headed sections, reviewed like code and
 * loaded at run time. `{{facts}}` and `{{question}}` are filled here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Deal } from '../deals/schema';

export type PromptName = 'answer' | 'summarise';

/** Sections every prompt must have, in this order. */
export const REQUIRED_SECTIONS = ['Role', 'Facts', 'Question', 'Output format', 'Boundaries'] as const;

/** The prompts directory: beside package.json, whether running from src/ (tests) or dist/. */
export function promptsDir(): string {
  for (const up of ['../..', '../../..']) {
    const dir = path.resolve(__dirname, up, 'prompts');
    if (existsSync(dir)) return dir;
  }
  throw new Error(`prompts/ not found near ${__dirname}`);
}

export function loadPrompt(name: PromptName, dir = promptsDir()): string {
  const text = readFileSync(path.join(dir, `${name}.md`), 'utf8');
  const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
  const missing = REQUIRED_SECTIONS.filter((s) => !headings.includes(s));
  if (missing.length > 0) throw new Error(`prompts/${name}.md is missing section(s): ${missing.join(', ')}`);
  return text;
}

/** Facts as the model sees them: `[dealId/factId] (topic) text`, grouped by deal. */
export function renderFacts(deals: readonly Deal[]): string {
  return deals
    .map((d) => {
      const head = `Deal ${d.id}: ${d.title} (parties: ${d.parties.map((p) => `${p.name}, ${p.role}`).join('; ')})`;
      const facts = d.facts.map((f) => `[${d.id}/${f.id}] (${f.topic}) ${f.text}`);
      const conflicts = d.conflicts.map((c) => `Sources disagree on ${c.about}: ${c.readings.map((r) => r.text).join(' / ')}`);
      return [head, ...facts, ...conflicts].join('\n');
    })
    .join('\n\n');
}

/**
 * Fills a template. The question is user text: it is kept on its own, its length capped, and
 * any attempt to close the question markers is neutralised.
 */
export function fillPrompt(template: string, deals: readonly Deal[], question = ''): string {
  const safeQuestion = question.slice(0, 1000).replace(/QUESTION>>>|<<<QUESTION/g, '[marker removed]');
  return template.replace('{{facts}}', () => renderFacts(deals)).replace('{{question}}', () => safeQuestion);
}
