import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.join(__dirname, '../..');
const load = (name: string) => parse(readFileSync(path.join(root, name), 'utf8'));
const http = load('manifest.yml');
const socket = load('manifest.socket-mode.yml');

describe('Slack app manifests', () => {
  it.each([
    ['manifest.yml', http],
    ['manifest.socket-mode.yml', socket],
  ])('%s declares /deal, mentions, thread messages and interactivity', (_name, m) => {
    expect(m.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/deal']);
    expect(m.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.channels', 'message.groups']));
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'app_mentions:read', 'chat:write', 'channels:history', 'groups:history', 'users:read']),
    );
  });

  it.each([
    ['manifest.yml', http],
    ['manifest.socket-mode.yml', socket],
  ])('%s has Slack escape channels, users and links in /deal, so a typed #channel arrives as <#C…|name>', (_name, m) => {
    expect(m.features.slash_commands[0].should_escape).toBe(true);
  });

  it('HTTP sends everything to /slack/events; Socket Mode needs no URL', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(http.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(http.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
    expect(http.features.slash_commands[0].url).toMatch(/\/slack\/events$/);
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('request_url');
  });

  it('both installs ask for the same scopes and events', () => {
    expect(socket.oauth_config.scopes.bot).toEqual(http.oauth_config.scopes.bot);
    expect(socket.settings.event_subscriptions.bot_events).toEqual(http.settings.event_subscriptions.bot_events);
  });
});
