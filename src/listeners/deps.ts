/**
 * What listeners need from the rest of the app, passed in by the composition root.
 */
import type { Logger } from '@slack/bolt';
import type { Catalog } from '../deals/catalog';

export interface ListenerDeps {
  /** The catalogue in service now (hot reload may swap it between requests). */
  catalog: () => Catalog;
  logger: Logger;
}
