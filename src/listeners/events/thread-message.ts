/**
 * Follow-up questions in a thread the bot is part of, without a new @mention. Only questions
 * get an answer (people chatting in the thread are left alone), and only in threads whose
 * subject the bot remembers. Messages that mention the bot are left to the app_mention listener.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps';
import { replyWithError } from '../errors';
import { handleConversationMessage, isQuestion } from '../thread-answers';
import { typedText } from '../typed-text';

export function threadMessage(deps: ListenerDeps) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    // Plain user messages only (a reply also sent to the channel is one): no edits, joins, bot
    // posts (including our own).
    if ((event.subtype !== undefined && event.subtype !== 'thread_broadcast') || !('thread_ts' in event) || !event.thread_ts || ('bot_id' in event && event.bot_id)) return;
    const text = event.text ?? '';
    if (context.botUserId && text.includes(`<@${context.botUserId}`)) return;
    if (!isQuestion(text)) return;
    const subject = await deps.conversations.threadSubject(event.channel, event.thread_ts);
    if (!subject) return;
    const target = { client, channel: event.channel, threadTs: event.thread_ts };
    try {
      await handleConversationMessage(deps, target, typedText(text), { user: event.user, inThread: true });
    } catch (err) {
      await replyWithError(deps.logger, err, (m) =>
        client.chat.postMessage({ channel: target.channel, thread_ts: target.threadTs, ...m }),
      );
    }
  };
}
