/**
 * The model as the rest of the app sees it: facts (and maybe a question) in, sentences with fact
 * citations out. Implementations must reject (never hang) within their timeout.
 */
import { z } from 'zod';
import type { Deal } from '../deals/schema';

/** Structured output: every sentence carries the ids of the facts that support it. */
export const llmOutputSchema = z.object({
  sentences: z.array(
    z.object({
      text: z.string(),
      facts: z.array(z.string()),
    }),
  ),
});
export type LlmOutput = z.infer<typeof llmOutputSchema>;

export interface LlmRequest {
  kind: 'answer' | 'summarise';
  deals: Deal[];
  question?: string;
}

export interface LlmClient {
  /** A short name for logs, e.g. the model id. */
  readonly name: string;
  generate(request: LlmRequest): Promise<LlmOutput>;
}

/** Why the model's output was not used; the caller answers from the facts instead. */
export class LlmError extends Error {
  constructor(
    readonly code: 'timeout' | 'rate_limited' | 'server_error' | 'bad_output' | 'refused' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}
