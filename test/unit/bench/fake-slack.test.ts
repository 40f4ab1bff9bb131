/**
 * The benchmark's fake Slack counts a message posted twice as a duplicate. A digest's thread
 * replies carry its slot too (with their part), so they must not count as repeats of the digest.
 */
import { webApi } from '@slack/bolt';
import { BenchSlack } from '../../../bench/fake-slack';

let slack: BenchSlack;
beforeEach(async () => {
  slack = await new BenchSlack().start();
});
afterEach(() => slack.close());

const tag = (part?: number) => ({ event_type: 'deal_digest', event_payload: { slot: 'weekly:2026-11-16', ...(part ? { part } : {}) } });

it('counts a digest or one of its replies posted twice as a duplicate, and a digest with its replies as none', async () => {
  const client = new webApi.WebClient('xoxb-bench', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  const main = await client.chat.postMessage({ channel: 'C1', text: 'digest', metadata: tag() });
  await client.chat.postMessage({ channel: 'C1', text: 'continued', thread_ts: main.ts!, metadata: tag(1) });
  await client.chat.postMessage({ channel: 'C1', text: 'continued', thread_ts: main.ts!, metadata: tag(2) });
  expect(slack.stats().postDuplicates).toBe(0);
  await client.chat.postMessage({ channel: 'C1', text: 'continued', thread_ts: main.ts!, metadata: tag(2) });
  expect(slack.stats().postDuplicates).toBe(1);
  await client.chat.postMessage({ channel: 'C1', text: 'digest again', metadata: tag() });
  expect(slack.stats().postDuplicates).toBe(2);
});
