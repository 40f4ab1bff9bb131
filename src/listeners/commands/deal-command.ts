/**
 * `/deal <query>`: answer privately with the card and a "Share in channel" button, so a lookup
 * never clutters a channel by accident. The answer travels in the acknowledgement itself: a
 * lookup is pure in-memory work (well under a millisecond at 100k deals, `npm run bench`), so
 * there is nothing to wait for. One HTTP response instead of an empty ack plus a `response_url`
 * request took the bot's CPU per command from about 4× a bare Bolt app's to about 2× (`npm run
 * bench`), and leaves no gap in which the answer could be lost.
 * `/deal digest …` (digest-command.ts) talks to the store and Slack, so it acks first and
 * answers on the response_url.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildLookupReply } from '../../blocks/lookup-reply';
import type { SlackMessage } from '../../blocks/deal-card';
import { unescapeSlackText } from '../../blocks/text';
import { lookupDeals, type LookupOutcome } from '../../services/lookup';
import type { ListenerDeps } from '../deps';
import { typedText } from '../typed-text';
import { replyWithError } from '../errors';
import { handleDigestCommand } from './digest-command';

const DIGEST_PREFIX = /^digest(?:\s+|$)/i;

/**
 * True for a `/deal` lookup (not `/deal digest …`): answered in its own acknowledgement and
 * changing nothing but the recent-lookup hint, so a repeated delivery is answered again rather
 * than dropped (see listeners/dedupe.ts).
 */
export function isLookupCommand(body: Record<string, unknown>): boolean {
  return body.command === '/deal' && typeof body.text === 'string' && !DIGEST_PREFIX.test(body.text.trim());
}

export function dealCommand(deps: ListenerDeps) {
  return async (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const { command, ack } = args;
    // The manifest has Slack escape the text (should_escape: true), so that a channel picked as
    // #name arrives as <#C…|name>; `&`, `<` and `>` arrive as entities (`>1b` as `&gt;1b`).
    const text = (command.text ?? '').trim();
    if (DIGEST_PREFIX.test(text)) {
      await ack();
      // Read as typed, but channel references stay: a digest command may name a channel.
      await handleDigestCommand(deps, args, unescapeSlackText(text.replace(DIGEST_PREFIX, '')));
      return;
    }
    let outcome: LookupOutcome;
    let reply: SlackMessage;
    try {
      outcome = lookupDeals(deps.catalog(), typedText(text));
      reply = buildLookupReply(outcome, { shareable: true });
    } catch (err) {
      await replyWithError(deps.logger, err, (m) => ack({ response_type: 'ephemeral', ...m }));
      return;
    }
    await ack({ response_type: 'ephemeral', ...reply });
    if (outcome.kind === 'found') {
      // "@bot how much is the upfront?" right after this lookup is about this deal. Recorded
      // after answering: the lookup itself never waits on the store.
      await deps.conversations.setRecentLookup(command.channel_id, command.user_id, [outcome.deal.id]);
    }
  };
}
