import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps';
import { dealCommand } from './deal-command';

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/deal', dealCommand(deps));
}
