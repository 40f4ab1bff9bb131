/**
 * The curated deal record: what a seeds file may say, validated with zod.
 *
 * Three states of a value component are kept apart on purpose:
 * - disclosed: the sources state an amount (`{ amount: "$110 million", qualifier: up_to }`);
 * - undisclosed: the sources say the terms were not disclosed (`undisclosed`);
 * - not recorded: the key is absent — we simply have nothing on it.
 * Nothing is ever computed: a headline total appears only if a source states it.
 */
import { z } from 'zod';
import { componentBackingProblem, labelBackingProblems, royaltiesBackingProblem, stageBackingProblem } from './backing';
import { MONEY_FORMAT_HINT, moneyProblem, parseMoney, type Money } from './money';
import {
  DEAL_TYPES,
  DATE_HINT,
  FACT_TOPICS,
  PARTY_ROLES,
  QUALIFIERS,
  readPartialDate,
  STAGES,
  VALUE_COMPONENTS,
  type PartialDate,
  type Royalties,
  type ValueComponent,
} from './vocabulary';

export * from './vocabulary';

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id of letters, digits and dashes');

export const partialDateSchema = z
  .union([z.string(), z.number()], { error: DATE_HINT })
  .transform((raw, ctx): PartialDate => {
    const date = readPartialDate(raw);
    if ('problem' in date) {
      ctx.addIssue({ code: 'custom', message: date.problem });
      return z.NEVER;
    }
    return date;
  });

const moneySchema = z
  .union([z.string(), z.number()], { error: MONEY_FORMAT_HINT })
  .transform((raw, ctx): Money => {
    const money = parseMoney(raw);
    if (!money) {
      ctx.addIssue({ code: 'custom', message: moneyProblem(raw) });
      return z.NEVER;
    }
    return money;
  });

const disclosedComponentSchema = z.strictObject({
  amount: moneySchema,
  qualifier: z.enum(QUALIFIERS).default('exact'),
  /** Short words the card shows after the amount, e.g. "over five years". */
  note: z.string().min(1).optional(),
});

const componentSchema = z
  .union([z.literal('undisclosed'), disclosedComponentSchema], {
    error: "expected 'undisclosed' or { amount, qualifier }",
  })
  .transform((c): ValueComponent =>
    c === 'undisclosed' ? { status: 'undisclosed' } : { status: 'disclosed', ...c },
  );

const royaltiesSchema = z
  .union([z.literal('undisclosed'), z.string().min(1)], {
    error: "expected 'undisclosed' or a description such as 'tiered' or 'single-digit'",
  })
  .transform((r): Royalties =>
    r === 'undisclosed' ? { status: 'undisclosed' } : { status: 'disclosed', text: r },
  );

const valueSchema = z.strictObject({
  upfront: componentSchema.optional(),
  equity: componentSchema.optional(),
  near_term: componentSchema.optional(),
  development_milestones: componentSchema.optional(),
  commercial_milestones: componentSchema.optional(),
  /** Milestones reported without a development/commercial split. */
  milestones: componentSchema.optional(),
  fees: componentSchema.optional(),
  investment: componentSchema.optional(),
  /** The headline value, only as a source states it. */
  total: componentSchema.optional(),
  royalties: royaltiesSchema.optional(),
});

const partySchema = z.strictObject({
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  role: z.enum(PARTY_ROLES),
});

const sourceSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  published: partialDateSchema.default({ precision: 'unknown' }),
});

const factSchema = z.strictObject({
  id: slug,
  topic: z.enum(FACT_TOPICS),
  text: z.string().min(1),
  sources: z.array(slug).min(1, 'a fact needs at least one source id'),
});

const conflictSchema = z.strictObject({
  about: z.string().min(1),
  readings: z
    .array(z.strictObject({ text: z.string().min(1), sources: z.array(slug).min(1) }))
    .min(2, 'a conflict needs at least two readings'),
});

export const dealSchema = z
  .strictObject({
    id: slug,
    title: z.string().min(1),
    types: z.array(z.enum(DEAL_TYPES)).min(1, 'a deal needs at least one type'),
    status: z.enum(['announced', 'active', 'completed', 'terminated', 'unknown']).default('announced'),
    parties: z.array(partySchema).min(1, 'a deal needs at least one party'),
    announced: partialDateSchema,
    value: valueSchema.default({}),
    stage: z.enum(STAGES).optional(),
    modalities: z.array(z.string().min(1)).default([]),
    areas: z.array(z.string().min(1)).default([]),
    indications: z.array(z.string().min(1)).default([]),
    territory: z.string().min(1).optional(),
    location: z.string().min(1).optional(),
    rights: z.array(z.string().min(1)).default([]),
    facts: z.array(factSchema).min(1, 'a deal needs at least one fact'),
    sources: z.array(sourceSchema).min(1, 'a deal needs at least one source'),
    conflicts: z.array(conflictSchema).default([]),
    notes: z.array(z.string().min(1)).default([]),
  })
  .superRefine((deal, ctx) => {
    const sourceIds = new Set<string>();
    deal.sources.forEach((s, i) => {
      if (sourceIds.has(s.id)) {
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate source id '${s.id}'` });
      }
      sourceIds.add(s.id);
    });
    const factIds = new Set<string>();
    deal.facts.forEach((f, i) => {
      if (factIds.has(f.id)) {
        ctx.addIssue({ code: 'custom', path: ['facts', i, 'id'], message: `duplicate fact id '${f.id}'` });
      }
      factIds.add(f.id);
      f.sources.forEach((s, j) => {
        if (!sourceIds.has(s)) {
          ctx.addIssue({
            code: 'custom',
            path: ['facts', i, 'sources', j],
            message: `unknown source id '${s}' (known: ${[...sourceIds].join(', ')})`,
          });
        }
      });
    });
    deal.conflicts.forEach((c, i) =>
      c.readings.forEach((r, j) =>
        r.sources.forEach((s, k) => {
          if (!sourceIds.has(s)) {
            ctx.addIssue({
              code: 'custom',
              path: ['conflicts', i, 'readings', j, 'sources', k],
              message: `unknown source id '${s}'`,
            });
          }
        }),
      ),
    );
    // Every figure on the card must be stated by a fact on its topic (see backing.ts), so the
    // card never shows a number that no cited statement supports.
    for (const key of VALUE_COMPONENTS) {
      const problem = componentBackingProblem(key, deal.value[key], deal.facts);
      if (problem) ctx.addIssue({ code: 'custom', path: ['value', key], message: problem });
    }
    const royaltiesProblem = royaltiesBackingProblem(deal.value.royalties, deal.facts);
    if (royaltiesProblem) ctx.addIssue({ code: 'custom', path: ['value', 'royalties'], message: royaltiesProblem });
    // The card's "Stage at signing" too: a thread question on the stage is answered from facts.
    const stageProblem = stageBackingProblem(deal.stage, deal.facts);
    if (stageProblem) ctx.addIssue({ code: 'custom', path: ['stage'], message: stageProblem });
    // And its labels (modality, areas, territory …), in the facts' own words.
    for (const { path, message } of labelBackingProblems(deal, deal.facts)) ctx.addIssue({ code: 'custom', path, message });
  });

/** A validated deal as the rest of the app sees it. */
export type Deal = z.output<typeof dealSchema>;
export type Party = Deal['parties'][number];
export type Fact = Deal['facts'][number];
export type Source = Deal['sources'][number];
