/**
 * `@bot <query>`: the same lookup as `/deal`, answered in a thread under the mention so the
 * channel root stays quiet.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackMessage } from '../../blocks/deal-card';
import { buildLookupReply } from '../../blocks/lookup-reply';
import { lookupDeals } from '../../services/lookup';
import type { ListenerDeps } from '../deps';
import { replyWithError } from '../errors';

/** Removes user mentions (`<@U123>` or `<@U123|name>`) so only the query is left. */
export function stripMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ').replace(/\s+/g, ' ').trim();
}

export function appMention(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const thread_ts = event.thread_ts ?? event.ts;
    const post = (message: SlackMessage) =>
      client.chat.postMessage({ channel: event.channel, thread_ts, unfurl_links: false, unfurl_media: false, ...message });
    try {
      const outcome = lookupDeals(deps.catalog(), stripMentions(event.text ?? ''));
      await post(buildLookupReply(outcome, { summarisable: false }));
    } catch (err) {
      await replyWithError(deps.logger, err, post);
    }
  };
}
