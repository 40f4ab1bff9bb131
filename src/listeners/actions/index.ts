import type { App, BlockButtonAction } from '@slack/bolt';
import { FEEDBACK_ACTIONS } from '../../blocks/answer';
import { ACTIONS } from '../../blocks/deal-card';
import type { ListenerDeps } from '../deps';
import { answerFeedback } from './answer-feedback';
import { openDeal } from './open-deal';
import { shareCard } from './share-card';
import { summarise } from './summarise';

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTIONS.shareCard, shareCard(deps));
  app.action<BlockButtonAction>(ACTIONS.openDeal, openDeal(deps));
  app.action<BlockButtonAction>(ACTIONS.summarise, summarise(deps));
  app.action<BlockButtonAction>(FEEDBACK_ACTIONS.up, answerFeedback(deps));
  app.action<BlockButtonAction>(FEEDBACK_ACTIONS.down, answerFeedback(deps));
}
