/**
 * 👍/👎 under a model-written answer: records the vote with the question, the answer and the
 * deal, and thanks the voter privately.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { FEEDBACK_ACTIONS } from '../../blocks/answer';
import type { ListenerDeps } from '../deps';

export function answerFeedback(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const vote = action.action_id === FEEDBACK_ACTIONS.up ? 'up' : 'down';
    const recorded = await deps.conversations.vote(action.value ?? '', body.user.id, vote);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: recorded
        ? `Thanks, your ${vote === 'up' ? '👍' : '👎'} was recorded.`
        : 'Sorry, that answer is too old to vote on (or feedback cannot be saved right now).',
    });
  };
}
