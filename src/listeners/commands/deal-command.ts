/**
 * `/deal <query>`: acknowledge at once, then answer privately through the response_url with
 * the card and a "Share in channel" button, so a lookup never clutters a channel by accident.
 * `/deal digest …` manages the channel's digest (digest-command.ts).
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildLookupReply } from '../../blocks/lookup-reply';
import { lookupDeals } from '../../services/lookup';
import type { ListenerDeps } from '../deps';
import { replyWithError } from '../errors';
import { handleDigestCommand } from './digest-command';

const DIGEST_PREFIX = /^digest(?:\s+|$)/i;

export function dealCommand(deps: ListenerDeps) {
  return async (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const { command, ack, respond } = args;
    await ack();
    const text = (command.text ?? '').trim();
    if (DIGEST_PREFIX.test(text)) {
      await handleDigestCommand(deps, args, text.replace(DIGEST_PREFIX, ''));
      return;
    }
    try {
      const outcome = lookupDeals(deps.catalog(), command.text ?? '');
      await respond({
        response_type: 'ephemeral',
        ...buildLookupReply(outcome, { shareable: true }),
      });
      if (outcome.kind === 'found') {
        // "@bot how much is the upfront?" right after this lookup is about this deal. Recorded
        // after answering: the lookup itself never waits on the store.
        await deps.conversations.setRecentLookup(command.channel_id, command.user_id, [outcome.deal.id]);
      }
    } catch (err) {
      await replyWithError(deps.logger, err, (m) => respond({ response_type: 'ephemeral', ...m }));
    }
  };
}
