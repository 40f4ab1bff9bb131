/**
 * The app's logger: Bolt's ConsoleLogger on stderr-friendly levels, with secrets redacted from
 * every line as a last line of defence (tokens and keys must never reach logs).
 */
import type { Logger, LogLevel } from '@slack/bolt';
import { ConsoleLogger } from '@slack/logger';

const SECRET_PATTERNS = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /sk-[A-Za-z0-9_-]{8,}/g,
  // A response_url or webhook URL lets whoever holds it post as the app (Socket Mode logs whole
  // payloads at debug level).
  /https:\/\/hooks\.slack(?:-gov)?\.com\/[^\s"'<>\\]+/g,
];

/** Replaces anything that looks like a Slack token or an API key. */
export function redact(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const p of SECRET_PATTERNS) out = out.replace(p, '[redacted]');
  for (const s of extraSecrets) if (s.length >= 6) out = out.split(s).join('[redacted]');
  return out;
}

/** A logger that redacts `secrets` (and token-shaped strings) before writing. */
export function createLogger(level: LogLevel, secrets: readonly (string | undefined)[] = []): Logger {
  const inner = new ConsoleLogger();
  inner.setLevel(level);
  inner.setName('deal-bot');
  const known = secrets.filter((s): s is string => Boolean(s));
  const clean = (args: unknown[]) =>
    args.map((a) => redact(a instanceof Error ? a.stack ?? a.message : typeof a === 'string' ? a : safeStringify(a), known));
  return {
    debug: (...a) => inner.debug(...clean(a)),
    info: (...a) => inner.info(...clean(a)),
    warn: (...a) => inner.warn(...clean(a)),
    error: (...a) => inner.error(...clean(a)),
    setLevel: (l) => inner.setLevel(l),
    getLevel: () => inner.getLevel(),
    setName: (n) => inner.setName(n),
  };
}

function safeStringify(v: unknown): string {
  try {
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  } catch {
    return String(v);
  }
}
