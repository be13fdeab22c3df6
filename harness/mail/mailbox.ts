// The tests' view of the mail: Mailpit's REST API (through mailpit-api) for reading, and its websocket
// (/api/events) for being told that a mail arrived. Waits are woken by the websocket's `new` events;
// only when the websocket cannot be used does a wait poll the search instead.

import { randomBytes } from 'node:crypto';
import { MailpitClient, type MailpitMessageListItem, type MailpitMessageSummaryResponse } from 'mailpit-api';
import { WebSocket } from 'ws';
import { OTP_SUBJECT, parseOtpMail, type OtpMail } from './otp-mail.ts';

/** A full Mailpit message (GET /api/v1/message/{ID}). */
export type Message = MailpitMessageSummaryResponse;
/** A message of a list or of a websocket `new` event. */
export type MessageSummary = MailpitMessageListItem;

/** A listed message with its body, and the full message it was read from. */
export interface MailSummaryWithText extends MessageSummary {
  Text: string;
  HTML: string;
  message: Message;
}

export interface MailboxOptions {
  /** How often a wait searches when the websocket is not available (default 250 ms). */
  pollIntervalMs?: number;
  /** false: do not use the websocket at all, always poll (default true). */
  events?: boolean;
  /** The websocket to listen to (default: ws(s)://<mailpitUrl>/api/events). */
  eventsUrl?: string;
}

/** Created times may be rounded to the second by some servers: a mail this much before `after` still counts. */
const CREATED_TOLERANCE_MS = 1000;
const DEFAULT_TIMEOUT_MS = 15_000;
const HANDSHAKE_TIMEOUT_MS = 3000;
const SEARCH_PAGE = 200;
const SEARCH_MAX = 2000;

type Wake = 'new' | 'closed';

interface Waiter {
  to: string;
  wake(reason: Wake): void;
}

const createdMs = (m: { Created: string }) => Date.parse(m.Created);
const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function slug(label: string): string {
  const s = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || 'mail';
}

let addressCounter = 0;

export class Mailbox {
  readonly client: MailpitClient;
  readonly mailpitUrl: string;
  private readonly pollIntervalMs: number;
  private readonly eventsUrl: string | undefined;
  private ws: WebSocket | undefined;
  private connecting: Promise<boolean> | undefined;
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  constructor(mailpitUrl: string, opts: MailboxOptions = {}) {
    this.mailpitUrl = mailpitUrl.replace(/\/+$/, '');
    this.client = new MailpitClient(this.mailpitUrl);
    this.pollIntervalMs = opts.pollIntervalMs ?? 250;
    this.eventsUrl = opts.events === false ? undefined : (opts.eventsUrl ?? `${this.mailpitUrl.replace(/^http/i, 'ws')}/api/events`);
  }

  /** A fresh address of the test domain: `<label as slug>-<random>@mail.example.test`, lowercase. */
  static uniqueAddress(label: string): string {
    addressCounter = (addressCounter + 1) % 1296;
    return `${slug(label)}-${randomBytes(5).toString('hex')}${addressCounter.toString(36).padStart(2, '0')}@mail.example.test`;
  }

  /** Whether waits are currently woken by events (the websocket is open). */
  get eventsConnected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /**
   * The first mail to `to` created at/after `after` (1 s tolerance), with `subject` in its subject if given.
   * Resolves as soon as it exists: at once if it arrived before the call, else when the websocket tells
   * that a mail to `to` arrived (or, without a websocket, on the next poll).
   */
  async waitForMail(q: { to: string; subject?: string; after: Date; timeoutMs?: number }): Promise<MailSummaryWithText> {
    const pick = (mails: MessageSummary[]) => {
      const fitting = this.since(mails, q.after, CREATED_TOLERANCE_MS).filter((m) => q.subject === undefined || m.Subject.includes(q.subject));
      return fitting[fitting.length - 1]; // the oldest (lists are newest first)
    };
    const found = await this.waitUntil(q.to, q.after, q.timeoutMs ?? DEFAULT_TIMEOUT_MS, pick, q.subject === undefined ? '' : `subject containing "${q.subject}"`);
    const message = await this.client.getMessageSummary(found.ID);
    return { ...found, Text: message.Text, HTML: message.HTML, message };
  }

  /** The newest OTP mail (subject OTP_SUBJECT) to `to` created at/after `after` (1 s tolerance), read. */
  async waitForOtp(q: { to: string; after: Date; timeoutMs?: number }): Promise<OtpMail & { message: Message }> {
    const pick = (mails: MessageSummary[]) => this.since(mails, q.after, CREATED_TOLERANCE_MS).find((m) => m.Subject.trim() === OTP_SUBJECT);
    const found = await this.waitUntil(q.to, q.after, q.timeoutMs ?? DEFAULT_TIMEOUT_MS, pick, `subject "${OTP_SUBJECT}"`);
    const message = await this.client.getMessageSummary(found.ID);
    try {
      return { ...parseOtpMail(message.Text), message };
    } catch (e) {
      throw new Error(`the OTP mail ${message.ID} to ${q.to} (created ${found.Created}) cannot be read: ${(e as Error).message}`, { cause: e });
    }
  }

  /** The full messages to `to` (created at/after `after` if given), newest first. */
  async messagesTo(to: string, after?: Date): Promise<Message[]> {
    const mails = after ? this.since(await this.summariesTo(to), after, 0) : await this.summariesTo(to);
    const out: Message[] = [];
    for (const m of mails) out.push(await this.client.getMessageSummary(m.ID));
    return out;
  }

  /** The source of a message, as received. */
  async rawMessage(id: string): Promise<string> {
    return this.client.getMessageSource(id);
  }

  /** Throws if a mail to `to` created at/after `after` exists now (no tolerance: a mail before `after` never counts). */
  async expectNoMail(q: { to: string; after: Date }): Promise<void> {
    const mails = this.since(await this.summariesTo(q.to), q.after, 0);
    if (mails.length > 0) {
      const list = mails.map((m) => `${m.Created} "${m.Subject}" (${m.ID})`).join('; ');
      throw new Error(`expected no mail to ${q.to} after ${q.after.toISOString()}, but found ${mails.length}: ${list}`);
    }
  }

  /** Closes the websocket. */
  async close(): Promise<void> {
    this.closed = true;
    // a handshake under way ends first (its socket is dropped on opening, as the mailbox is closed)
    await this.connecting;
    this.ws?.terminate();
    this.ws = undefined;
    for (const w of [...this.waiters]) w.wake('closed');
  }

  // -------------------------------------------------------------------------------------------

  private query(to: string): string {
    return /[\s"]/.test(to) ? `to:"${to.replace(/"/g, '')}"` : `to:${to}`;
  }

  /** Every listed mail whose To names `to` exactly, newest first. */
  private async summariesTo(to: string): Promise<MessageSummary[]> {
    const query = this.query(to);
    const all: MessageSummary[] = [];
    for (let start = 0; start < SEARCH_MAX; start += SEARCH_PAGE) {
      const page = await this.client.searchMessages({ query, start, limit: SEARCH_PAGE });
      all.push(...page.messages);
      if (page.messages.length < SEARCH_PAGE || start + page.messages.length >= page.messages_count) break;
    }
    return all.filter((m) => (m.To ?? []).some((a) => sameAddress(a.Address, to)));
  }

  private since(mails: MessageSummary[], after: Date, toleranceMs: number): MessageSummary[] {
    const from = after.getTime() - toleranceMs;
    return mails.filter((m) => createdMs(m) >= from);
  }

  private async waitUntil(
    to: string,
    after: Date,
    timeoutMs: number,
    pick: (mails: MessageSummary[]) => MessageSummary | undefined,
    wanted: string,
  ): Promise<MessageSummary> {
    const deadline = Date.now() + timeoutMs;
    await this.connectEvents(deadline);
    let seen: MessageSummary[] = [];
    for (;;) {
      // listen before searching, so that a mail arriving during the search still wakes the wait
      const wake = this.listen(to);
      try {
        seen = await this.summariesTo(to);
        const found = pick(seen);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) break;
        if (this.closed) throw new Error(`the mailbox was closed while waiting for a mail to ${to}`);
        // with events the wait lasts until a mail comes (or the deadline); without, until the next poll
        await wake.until(this.eventsConnected ? left : Math.min(this.pollIntervalMs, left));
      } finally {
        wake.cancel();
      }
    }
    const near = seen.slice(0, 5).map((m) => `${m.Created} "${m.Subject}"`).join('; ');
    throw new Error(
      `no mail to ${to} after ${after.toISOString()}${wanted ? ` with ${wanted}` : ''} within ${timeoutMs} ms ` +
        `(searched: ${this.query(to)} at ${this.mailpitUrl}; ${seen.length} mail(s) to that address${near ? `, newest: ${near}` : ''}; ` +
        `${this.eventsUrl ? (this.eventsConnected ? 'woken by events' : 'events unavailable, polled') : 'polled'})`,
    );
  }

  /** A wake-up for the next `new` event naming `to` (or the websocket closing), bounded by a time limit. */
  private listen(to: string): { until(ms: number): Promise<Wake | 'time'>; cancel(): void } {
    let resolve!: (w: Wake | 'time') => void;
    const woken = new Promise<Wake | 'time'>((r) => (resolve = r));
    let timer: NodeJS.Timeout | undefined;
    const waiter: Waiter = { to, wake: (w) => resolve(w) };
    this.waiters.add(waiter);
    return {
      until: (ms) => {
        timer = setTimeout(() => resolve('time'), ms);
        return woken;
      },
      cancel: () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      },
    };
  }

  private notify(type: string, data: unknown): void {
    if (type !== 'new') return;
    const d = (data ?? {}) as { To?: { Address?: string }[]; Cc?: { Address?: string }[]; Bcc?: { Address?: string }[] };
    const readable = Array.isArray(d.To) || Array.isArray(d.Cc) || Array.isArray(d.Bcc);
    const named = [...(d.To ?? []), ...(d.Cc ?? []), ...(d.Bcc ?? [])].map((a) => a?.Address ?? '');
    for (const w of [...this.waiters]) {
      if (!readable || named.some((a) => sameAddress(a, w.to))) w.wake('new');
    }
  }

  /** Opens the websocket unless it is open; true when events can be used. */
  private connectEvents(deadline: number): Promise<boolean> {
    if (!this.eventsUrl || this.closed) return Promise.resolve(false);
    if (this.eventsConnected) return Promise.resolve(true);
    if (this.connecting) return this.connecting;
    const url = this.eventsUrl;
    this.connecting = new Promise<boolean>((resolve) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(url, {
          origin: new URL(this.mailpitUrl).origin,
          handshakeTimeout: Math.max(100, Math.min(HANDSHAKE_TIMEOUT_MS, deadline - Date.now())),
        });
      } catch {
        resolve(false);
        return;
      }
      ws.on('error', () => resolve(false));
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
        resolve(false);
      });
      ws.on('open', () => {
        if (this.closed) {
          ws.terminate();
          resolve(false);
          return;
        }
        this.ws = ws;
        resolve(true);
      });
      ws.on('message', (raw) => {
        // Mailpit may put several notifications in one frame, one per line
        for (const line of String(raw).split('\n')) {
          if (!line.trim()) continue;
          try {
            const n = JSON.parse(line) as { Type?: string; Data?: unknown };
            if (typeof n.Type === 'string') this.notify(n.Type, n.Data);
          } catch {
            // not a notification
          }
        }
      });
      ws.on('close', () => {
        resolve(false);
        if (this.ws === ws) this.ws = undefined;
        for (const w of [...this.waiters]) w.wake('closed');
      });
    }).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }
}
