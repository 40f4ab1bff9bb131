/**
 * What listeners need from the rest of the app, passed in by the composition root.
 */
import type { Logger } from '@slack/bolt';
import type { Catalog } from '../deals/catalog';
import type { AnswerService } from '../services/answer';
import type { Conversations } from '../services/conversations';
import type { DigestService } from '../services/digest-service';

export interface ListenerDeps {
  /** The catalogue in service now (hot reload may swap it between requests). */
  catalog: () => Catalog;
  logger: Logger;
  answers: AnswerService;
  conversations: Conversations;
  /** Channel digests (`/deal digest …`); absent, the sub-commands say digests are unavailable. */
  digests?: DigestService;
  /** CURATORS: Slack user ids that may manage any channel's digest. */
  curators?: readonly string[];
}
