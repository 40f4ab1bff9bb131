/**
 * "Share in channel" on a private /deal result: posts the card to the channel for everyone,
 * then removes the private copy. If the bot cannot post there, says how to fix it and keeps
 * the private card so nothing is lost.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildDealCard, type SlackMessage } from '../../blocks/deal-card';
import type { ListenerDeps } from '../deps';
import { replyWithError } from '../errors';
import { isDirectMessage, NOT_A_MEMBER, postRefusal, slackErrorCode } from '../post-refusal';

export function shareCard(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const deal = deps.catalog().get(action.value ?? '');
    if (!deal) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That deal is no longer in the catalogue.' });
      return;
    }
    if (!body.channel) return;
    const channel = body.channel.id;
    const shared = (card: SlackMessage): SlackMessage => ({
      ...card,
      blocks: [...card.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: `Shared by <@${body.user.id}> with /deal` }] }],
    });
    try {
      const posted = await client.chat.postMessage({ channel, ...shared(buildDealCard(deal, { summarisable: true })), unfurl_links: false, unfurl_media: false });
      // The thread under a shared card is about its deal: follow-ups there need no @mention.
      if (posted.ts) await deps.conversations.setThreadSubject(channel, posted.ts, [deal.id]);
    } catch (err) {
      const code = slackErrorCode(err);
      // Not in the conversation: the button's response_url can still post there, as the
      // command's own answer does (Slack allows it wherever the command was typed, a direct
      // message too). The bot will not hear that card's thread, so it gets no Summarise button.
      if (code !== undefined && NOT_A_MEMBER.has(code)) {
        let sharedThere = false;
        try {
          await respond({ response_type: 'in_channel', replace_original: false, ...shared(buildDealCard(deal)) });
          sharedThere = true;
        } catch (fallbackErr) {
          deps.logger.warn(`share: ${code} from chat.postMessage, and the response_url refused the card too:`, fallbackErr instanceof Error ? fallbackErr.message : String(fallbackErr));
        }
        if (sharedThere) {
          await respond({ delete_original: true });
          return;
        }
      }
      const reason = postRefusal(code, { what: 'the card', button: 'Share', inDirectMessage: isDirectMessage(body.channel) });
      if (reason) {
        // The private card is left as it is: nothing is lost.
        await respond({ response_type: 'ephemeral', replace_original: false, text: reason });
        return;
      }
      await replyWithError(deps.logger, err, (m) => respond({ response_type: 'ephemeral', replace_original: false, ...m }));
      return;
    }
    await respond({ delete_original: true });
  };
}
