/**
 * `npm run eval:grounding [dealsDir]`: runs the labelled grounding cases
 * (test/eval/grounding-cases.ts) and the blind samples (test/eval/blind-cases.ts: faithful
 * sentences that must pass, a red team's that must be blocked) through the verifier against the
 * real seeds and prints the misclassified cases, the two rates and the samples' own rates.
 *
 * Exits 1 unless every must-block case is blocked and at least 95% of must-pass cases pass
 * (or when a case names a deal that is not in the catalogue).
 */
import path from 'node:path';
import { dealsDirFrom, loadDotEnv } from '../src/config';
import { formatProblem, readDealsDir } from '../src/deals/catalog';
import type { Deal } from '../src/deals/schema';
import { verifySentence, type SentenceVerdict } from '../src/llm/verify';
import { BLIND_CASES, RED_TEAM_CASES } from '../test/eval/blind-cases';
import { GROUNDING_CASES, type GroundingCase } from '../test/eval/grounding-cases';

export const TARGETS = { blockedRate: 1, passedRate: 0.95 } as const;

export interface CaseResult {
  case: GroundingCase;
  verdict: SentenceVerdict;
  correct: boolean;
}

export interface GroundingEval {
  results: CaseResult[];
  /** Must-block cases the verifier blocked / all must-block cases. */
  blocked: { correct: number; total: number; rate: number };
  /** Must-pass cases the verifier passed / all must-pass cases. */
  passed: { correct: number; total: number; rate: number };
  /** The blind samples' must-pass cases (ids `blind…`) passed / all of them. */
  blind: { correct: number; total: number; rate: number };
  /** Cases naming deals that are not in the catalogue. */
  missingDeals: { caseId: string; dealId: string }[];
  meetsTargets: boolean;
}

/** Runs every case against the given deals. Pure: no I/O. */
export function runGroundingEval(deals: readonly Deal[], cases: readonly GroundingCase[] = [...GROUNDING_CASES, ...BLIND_CASES, ...RED_TEAM_CASES]): GroundingEval {
  const byId = new Map(deals.map((d) => [d.id, d]));
  const results: CaseResult[] = [];
  const missingDeals: GroundingEval['missingDeals'] = [];
  for (const c of cases) {
    const inQuestion: Deal[] = [];
    for (const id of c.deals) {
      const d = byId.get(id);
      if (d) inQuestion.push(d);
      else missingDeals.push({ caseId: c.id, dealId: id });
    }
    const verdict = verifySentence({ text: c.sentence, facts: c.facts }, { deals: inQuestion });
    const correct = verdict.ok === (c.expected === 'pass');
    results.push({ case: c, verdict, correct });
  }
  const tally = (expected: GroundingCase['expected']): { correct: number; total: number; rate: number } => {
    const rs = results.filter((r) => r.case.expected === expected);
    const correct = rs.filter((r) => r.correct).length;
    return { correct, total: rs.length, rate: rs.length === 0 ? 1 : correct / rs.length };
  };
  const blocked = tally('block');
  const passed = tally('pass');
  const blindResults = results.filter((r) => r.case.id.startsWith('blind'));
  const blindCorrect = blindResults.filter((r) => r.correct).length;
  const blind = { correct: blindCorrect, total: blindResults.length, rate: blindResults.length === 0 ? 1 : blindCorrect / blindResults.length };
  const meetsTargets =
    missingDeals.length === 0 && blocked.rate >= TARGETS.blockedRate && passed.rate >= TARGETS.passedRate;
  return { results, blocked, passed, blind, missingDeals, meetsTargets };
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** The human-readable report. */
export function formatGroundingEval(e: GroundingEval): string {
  const lines: string[] = [];
  const wrong = e.results.filter((r) => !r.correct);
  if (wrong.length > 0) {
    lines.push(`Misclassified cases (${wrong.length}):`);
    lines.push(['expected', 'got', 'case', 'sentence', 'detail'].join(' | '));
    for (const r of wrong) {
      const got = r.verdict.ok ? 'pass' : 'block';
      const detail = r.verdict.ok ? `why it should block: ${r.case.why}` : r.verdict.reasons.join('; ');
      lines.push([r.case.expected, got, r.case.id, truncate(r.case.sentence, 70), detail].join(' | '));
    }
    lines.push('');
  }
  for (const m of e.missingDeals) lines.push(`case ${m.caseId}: deal '${m.dealId}' is not in the catalogue`);
  lines.push(`blocked-correctly ${e.blocked.correct}/${e.blocked.total} (${pct(e.blocked.rate)}; target ${pct(TARGETS.blockedRate)})`);
  lines.push(`passed-correctly  ${e.passed.correct}/${e.passed.total} (${pct(e.passed.rate)}; target ≥ ${pct(TARGETS.passedRate)})`);
  if (e.blind.total > 0) lines.push(`  of which the blind samples ${e.blind.correct}/${e.blind.total} (${pct(e.blind.rate)})`);
  // Each blind sample on its own ("blind3-012", "red2-040"): a sample's rate is the figure the notes compare.
  const samples = new Map<string, CaseResult[]>();
  for (const r of e.results) {
    const sample = /^((?:blind|red)\d*)-\d+$/.exec(r.case.id)?.[1];
    if (sample) samples.set(sample, [...(samples.get(sample) ?? []), r]);
  }
  for (const [sample, rs] of samples) {
    const verb = sample.startsWith('red') ? 'blocked' : 'passed';
    lines.push(`  sample ${sample}: ${verb} ${rs.filter((r) => r.correct).length}/${rs.length}`);
  }
  lines.push(e.meetsTargets ? 'OK: targets met' : 'FAIL: targets not met');
  return lines.join('\n');
}

function main(): void {
  loadDotEnv();
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : dealsDirFrom();
  const { catalog, problems } = readDealsDir(dir);
  const deals = catalog.all();
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
    process.stderr.write('The deal catalogue is invalid; fix it before running the grounding eval.\n');
    process.exit(1);
  }
  const result = runGroundingEval(deals);
  process.stdout.write(`${result.results.length} grounding cases over ${deals.length} deals in ${path.relative(process.cwd(), dir) || dir}\n\n`);
  process.stdout.write(`${formatGroundingEval(result)}\n`);
  process.exit(result.meetsTargets ? 0 : 1);
}

if (require.main === module) main();
