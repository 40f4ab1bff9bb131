/**
 * The OpenAI-compatible implementation of `LlmClient` (hosted OpenAI, vLLM, Ollama, …) with
 * structured output. Every failure becomes an `LlmError` quickly: no SDK retries (they would
 * outlast LLM_TIMEOUT_MS) and a hard timeout on the whole call.
 */
import OpenAI from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import { LlmError, llmOutputSchema, type LlmClient, type LlmOutput, type LlmRequest } from './client';
import { fillPrompt, loadPrompt } from './prompts';

export interface OpenAiClientOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
}

export function createOpenAiClient(options: OpenAiClientOptions): LlmClient {
  const sdk = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    timeout: options.timeoutMs,
    maxRetries: 0,
  });
  const format = zodResponseFormat(llmOutputSchema, 'cited_sentences');

  return {
    name: options.model,
    async generate(request: LlmRequest): Promise<LlmOutput> {
      const prompt = fillPrompt(loadPrompt(request.kind), request.deals, request.question);
      try {
        const completion = await sdk.chat.completions.parse(
          {
            model: options.model,
            temperature: 0,
            messages: [{ role: 'user', content: prompt }],
            response_format: format,
          },
          { signal: AbortSignal.timeout(options.timeoutMs), timeout: options.timeoutMs },
        );
        const message = completion.choices[0]?.message;
        if (message?.refusal) throw new LlmError('refused', 'the model refused');
        if (!message?.parsed) throw new LlmError('bad_output', 'the model returned no parsable output');
        return message.parsed;
      } catch (err) {
        throw toLlmError(err);
      }
    },
  };
}

/** Maps SDK errors to our codes. Messages never include the request (or its key). */
export function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof OpenAI.RateLimitError) return new LlmError('rate_limited', 'rate limited (429)');
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new LlmError('timeout', 'timed out');
  if (err instanceof OpenAI.APIUserAbortError) return new LlmError('timeout', 'timed out');
  if (err instanceof OpenAI.InternalServerError) return new LlmError('server_error', `server error (${err.status})`);
  if (err instanceof OpenAI.APIConnectionError) return new LlmError('unavailable', 'could not connect');
  if (err instanceof OpenAI.APIError) return new LlmError('server_error', `API error (${err.status ?? 'no status'})`);
  if (err instanceof LengthFinishReasonError || err instanceof ContentFilterFinishReasonError) {
    return new LlmError('bad_output', err.name);
  }
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return new LlmError('timeout', 'timed out');
  // JSON.parse / zod failures on malformed output land here.
  return new LlmError('bad_output', err instanceof Error ? err.name : 'unknown error');
}
