/**
 * Console mode: the real Bolt app driven from stdin, printing what it would post to Slack.
 *
 * A line starting with `/` is a slash command; any other line is a message to the bot in the
 * current thread (the thread of the last message it posted, or a new mention). Input is fed
 * through a Receiver into `app.processEvent`, exactly as Slack's payloads would be, and the
 * bot's Web API calls and response_url posts land on a loopback `LocalSlack` that prints them,
 * as do the messages it sends with an acknowledgement.
 */
import type { App, Logger, Receiver, ReceiverEvent } from '@slack/bolt';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createBot, llmFromConfig } from '../app';
import { openStore } from '../store';
import type { Config } from '../config';
import { renderPlainText } from '../blocks/plain-text';
import { CONSOLE_IDS, LocalSlack, type PostedMessage } from './local-slack';

/**
 * Feeds console input to Bolt as Slack payloads. A message sent with the acknowledgement (how
 * `/deal` answers) is shown like one posted to the response_url: Slack shows them alike.
 */
class ConsoleReceiver implements Receiver {
  private app?: App;
  constructor(private readonly onAckMessage: (m: PostedMessage) => void) {}
  init(app: App): void {
    this.app = app;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async dispatch(body: Record<string, unknown>): Promise<void> {
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        if (typeof response === 'string' && response) this.onAckMessage({ kind: 'response', text: response });
        else if (response && typeof response === 'object') this.onAckMessage({ kind: 'response', ...(response as Omit<PostedMessage, 'kind'>) });
      },
    };
    await this.app!.processEvent(event);
  }
}

export interface ShellOptions {
  config: Config;
  logger: Logger;
  input: Readable;
  output: Writable;
  /** Show a banner and a prompt (stdin is a terminal). */
  interactive: boolean;
}

/** Runs the console until the input ends and every answer has been printed. */
export async function runShell({ config, logger, input, output, interactive }: ShellOptions): Promise<void> {
  let currentThread: string | undefined;
  const print = (m: PostedMessage) => {
    if (m.delete_original && !m.text && !m.blocks) return;
    const label = m.kind === 'response' || m.kind === 'ephemeral' ? ' (only visible to you)' : m.thread_ts ? ' (in thread)' : '';
    output.write(`\n── bot${label} ──\n${consoleMentions(renderPlainText(m))}\n`);
    // The last message the bot posted sets the thread; a private /deal result has no thread,
    // so the next line starts a new conversation (about the deal just looked up).
    if (m.kind === 'post') currentThread = m.thread_ts ?? m.ts;
    else if (m.kind === 'response' && !m.delete_original) currentThread = undefined;
  };
  const slack = new LocalSlack(print);
  const apiUrl = await slack.start();
  const receiver = new ConsoleReceiver(print);
  const store = await openStore(config.storeUrl, { logger });
  const bot = createBot({ config, logger, receiver, slackApiUrl: apiUrl, store, llm: llmFromConfig(config) });
  await bot.start();

  if (interactive) output.write('Deal briefing console. Try /deal astrazeneca cspc or /deal help. Ctrl-D to quit.\n');
  const rl = createInterface({ input, terminal: false });
  const prompt = () => interactive && output.write('> ');
  prompt();
  // One line at a time, as in a conversation: a follow-up question is only asked once the
  // answer it follows has been printed, whether typed or piped in.
  for await (const raw of rl) {
    const line = raw.trim();
    if (line) {
      const body = line.startsWith('/') ? commandBody(line, slack) : mentionBody(line, slack, currentThread);
      await receiver.dispatch(body).catch((err) => logger.error('console request failed:', (err as Error).message));
    }
    prompt();
  }
  await bot.stop();
  await store.close();
  await slack.stop();
}

/** Channel and user mentions as a terminal reader knows them: `#console`, `@you`. */
function consoleMentions(text: string): string {
  return text
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, name?: string) => `#${name || (id === CONSOLE_IDS.channel ? 'console' : id)}`)
    .replace(/<@([A-Z0-9]+)>/g, (_, id: string) => (id === CONSOLE_IDS.user ? '@you' : `@${id}`));
}

/** Typed text encoded as Slack sends it (`>1b` arrives as `&gt;1b`), so the same code reads it. */
function asSlackSends(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function commandBody(line: string, slack: LocalSlack): Record<string, unknown> {
  const [command = '', ...rest] = line.split(/\s+/);
  return {
    token: 'console',
    team_id: CONSOLE_IDS.team,
    channel_id: CONSOLE_IDS.channel,
    channel_name: 'console',
    user_id: CONSOLE_IDS.user,
    user_name: 'you',
    command,
    text: asSlackSends(rest.join(' ')),
    api_app_id: CONSOLE_IDS.app,
    response_url: slack.responseUrl(),
    trigger_id: `console.${slack.nextTs()}`,
  };
}

function mentionBody(line: string, slack: LocalSlack, thread: string | undefined): Record<string, unknown> {
  const ts = slack.nextTs();
  return {
    type: 'event_callback',
    team_id: CONSOLE_IDS.team,
    api_app_id: CONSOLE_IDS.app,
    event_id: `EvConsole${ts.replace('.', '')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: CONSOLE_IDS.team, user_id: CONSOLE_IDS.botUser, is_bot: true }],
    event: {
      type: 'app_mention',
      user: CONSOLE_IDS.user,
      channel: CONSOLE_IDS.channel,
      text: `<@${CONSOLE_IDS.botUser}> ${asSlackSends(line)}`,
      ts,
      ...(thread ? { thread_ts: thread } : {}),
      event_ts: ts,
    },
  };
}
