import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTIONS } from '../../blocks/deal-card';
import type { ListenerDeps } from '../deps';
import { openDeal } from './open-deal';
import { shareCard } from './share-card';

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTIONS.shareCard, shareCard(deps));
  app.action<BlockButtonAction>(ACTIONS.openDeal, openDeal(deps));
}
