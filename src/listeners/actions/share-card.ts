/**
 * "Share in channel" on a private /deal result: posts the card to the channel for everyone,
 * then removes the private copy. If the bot cannot post there, says how to fix it and keeps
 * the private card so nothing is lost.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildDealCard } from '../../blocks/deal-card';
import { channelRefusal } from '../../blocks/digest-refusal';
import type { ListenerDeps } from '../deps';
import { replyWithError } from '../errors';

/** Why Slack will not take the card in the channel, and what to fix; undefined when retrying may do. */
function cannotPost(code: string | undefined): string | undefined {
  const refusal = code === undefined ? undefined : channelRefusal(code);
  return refusal && `I can’t post the card in this channel: ${refusal.reason}. To share it here, ${refusal.fix}, then press Share again.`;
}

export function shareCard(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const deal = deps.catalog().get(action.value ?? '');
    if (!deal) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That deal is no longer in the catalogue.' });
      return;
    }
    const channel = body.channel?.id;
    if (!channel) return;
    const card = buildDealCard(deal, { summarisable: true });
    try {
      const posted = await client.chat.postMessage({
        channel,
        ...card,
        blocks: [...card.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: `Shared by <@${body.user.id}> with /deal` }] }],
        unfurl_links: false,
        unfurl_media: false,
      });
      // The thread under a shared card is about its deal: follow-ups there need no @mention.
      if (posted.ts) await deps.conversations.setThreadSubject(channel, posted.ts, [deal.id]);
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      const reason = cannotPost(code);
      if (reason) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: reason });
        return;
      }
      await replyWithError(deps.logger, err, (m) => respond({ response_type: 'ephemeral', replace_original: false, ...m }));
      return;
    }
    await respond({ delete_original: true });
  };
}
