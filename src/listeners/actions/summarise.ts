/**
 * "Summarise" on a card in a channel: posts the summary in a thread under the card.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps';
import { replyWithError } from '../errors';
import { isDirectMessage, postRefusal, slackErrorCode } from '../post-refusal';
import { answerInThread } from '../thread-answers';

export function summarise(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const deal = deps.catalog().get(action.value ?? '');
    const channel = body.channel?.id;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    if (!deal || !channel || !message?.ts) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That deal is no longer in the catalogue.' });
      return;
    }
    const target = { client, channel, threadTs: message.thread_ts ?? message.ts };
    try {
      await answerInThread(deps, target, deal);
    } catch (err) {
      const reason = postRefusal(slackErrorCode(err), { what: 'the summary', button: 'Summarise', inDirectMessage: isDirectMessage(body.channel!) });
      if (reason) await respond({ response_type: 'ephemeral', replace_original: false, text: reason });
      else await replyWithError(deps.logger, err, (m) => respond({ response_type: 'ephemeral', replace_original: false, ...m }));
    }
  };
}
