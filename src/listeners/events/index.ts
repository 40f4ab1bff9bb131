import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps';
import { appMention } from './app-mention';
import { threadMessage } from './thread-message';

export function registerEvents(app: App, deps: ListenerDeps): void {
  app.event('app_mention', appMention(deps));
  app.event('message', threadMessage(deps));
}
