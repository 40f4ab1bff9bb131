/**
 * Builds valid deals for tests through the real schema, so tests exercise what seeds produce.
 */
import { dealSchema, type Deal } from '../../src/deals/schema';

export interface DealSpec {
  id: string;
  parties: (string | { name: string; aliases?: string[]; role?: string })[];
  announced?: string | number;
  types?: string[];
  areas?: string[];
  modalities?: string[];
  value?: Record<string, unknown>;
  title?: string;
  extraFacts?: { id: string; topic: string; text: string }[];
  rights?: string[];
  sources?: number;
}

export function makeDeal(spec: DealSpec): Deal {
  const sourceCount = spec.sources ?? 1;
  const sources = Array.from({ length: sourceCount }, (_, i) => ({
    id: `src-${i + 1}`,
    title: `Report ${i + 1}`,
    publisher: `Publisher ${i + 1}`,
    url: `https://example.com/${spec.id}/${i + 1}`,
    published: '2025-01-02',
  }));
  const value = spec.value ?? {};
  const facts = [
    { id: 'parties', topic: 'parties', text: `A deal between ${spec.parties.map((p) => (typeof p === 'string' ? p : p.name)).join(' and ')}.`, sources: ['src-1'] },
    // The facts a curator would write to back each component (the schema checks they state it).
    ...Object.keys(value)
      .filter((k) => k !== 'royalties')
      .map((k) => ({ id: `v-${k.replace(/_/g, '-')}`, topic: `value.${k}`, text: componentFact(k, value[k]), sources: ['src-1'] })),
    ...(value.royalties
      ? [{ id: 'royalties', topic: 'value.royalties', text: value.royalties === 'undisclosed' ? 'Royalty terms were not disclosed.' : `Royalties: ${String(value.royalties)}.`, sources: ['src-1'] }]
      : []),
    ...(spec.extraFacts ?? []).map((f) => ({ ...f, sources: ['src-1'] })),
  ];
  // The card's labels are in the facts' words (the schema checks it), as a curator writes them.
  const labels = [...(spec.areas ?? []), ...(spec.modalities ?? []), ...(spec.rights ?? [])];
  if (labels.length > 0) facts.push({ id: 'labels', topic: 'scope', text: `The deal covers ${labels.join('; ')}.`, sources: ['src-1'] });
  return dealSchema.parse({
    id: spec.id,
    title: spec.title ?? `Deal ${spec.id}`,
    types: spec.types ?? ['licence'],
    parties: spec.parties.map((p) =>
      typeof p === 'string' ? { name: p, role: 'partner' } : { name: p.name, aliases: p.aliases ?? [], role: p.role ?? 'partner' },
    ),
    announced: spec.announced ?? 'unknown',
    value,
    areas: spec.areas ?? [],
    modalities: spec.modalities ?? [],
    rights: spec.rights ?? [],
    facts,
    sources,
  });
}

function componentFact(key: string, component: unknown): string {
  if (component === 'undisclosed') return `The ${key} was not disclosed.`;
  const { amount, qualifier } = component as { amount: string | number; qualifier?: string };
  const words = qualifier === 'up_to' ? 'up to ' : qualifier === 'approximately' ? 'about ' : qualifier === 'at_least' ? 'at least ' : '';
  return `The ${key} is ${words}${typeof amount === 'number' ? `USD ${amount}` : amount}.`;
}
