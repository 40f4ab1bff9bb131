/**
 * `@bot <query or question>`: answered in a thread under the mention (or in the thread it was
 * made in), never in the channel root. Naming a deal shows its card; a question is answered
 * about the deal it names, the thread's subject, or the deal the person just looked up.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps';
import { replyWithError } from '../errors';
import { handleConversationMessage } from '../thread-answers';
import { typedText } from '../typed-text';


export function appMention(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const target = { client, channel: event.channel, threadTs: event.thread_ts ?? event.ts };
    try {
      await handleConversationMessage(deps, target, typedText(event.text ?? ''), {
        user: event.user,
        inThread: Boolean(event.thread_ts),
      });
    } catch (err) {
      await replyWithError(deps.logger, err, (m) =>
        client.chat.postMessage({ channel: target.channel, thread_ts: target.threadTs, ...m }),
      );
    }
  };
}
