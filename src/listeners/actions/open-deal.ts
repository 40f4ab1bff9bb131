/**
 * "Open" next to a deal in a list: shows that deal's full card privately to whoever clicked.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildDealCard } from '../../blocks/deal-card';
import type { ListenerDeps } from '../deps';

export function openDeal(deps: ListenerDeps) {
  return async ({ ack, action, body, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const deal = deps.catalog().get(action.value ?? '');
    if (!deal) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That deal is no longer in the catalogue.' });
      return;
    }
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...buildDealCard(deal, { shareable: Boolean(body.channel?.id) }),
    });
  };
}
