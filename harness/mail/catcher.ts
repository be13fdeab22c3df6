// A mail catcher that answers like Mailpit (v1.30.5): SMTP in, Mailpit's REST API and websocket out.
// The shapes it serves are the definitions of ./mailpit-openapi.json (see MAILPIT-API.md); what Mailpit
// does on receipt is kept: Return-Path from MAIL FROM, a Message-ID when there is none, recipients of the
// envelope that no header names added as Bcc, the newest messages kept and the oldest pruned.
// Messages live in memory only.
//
// Run alone: `npx tsx harness/mail/catcher.ts` (MAILPIT_HTTP_PORT, default 8025; MAILPIT_SMTP_PORT,
// default 1025; MAILPIT_HOST, default 127.0.0.1).

import { createHash, randomInt } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { WebSocket, WebSocketServer } from 'ws';

export interface CatcherOptions {
  /** Where both servers listen (default 127.0.0.1). */
  host?: string;
  /** 0 = any free port (default 0). */
  smtpPort?: number;
  /** 0 = any free port (default 0). */
  httpPort?: number;
  /** Messages kept; the oldest beyond are pruned, like Mailpit's --max (default 500; 0 = unlimited). */
  maxMessages?: number;
}

export interface Catcher {
  /** e.g. http://127.0.0.1:8025 */
  httpUrl: string;
  /** e.g. smtp://127.0.0.1:1025 */
  smtpUrl: string;
  smtpPort: number;
  httpPort: number;
  close(): Promise<void>;
}

/** The version reported by /api/v1/info. */
export const CATCHER_VERSION = 'v1.30.5-catcher';

const MAX_SIZE = 30 * 1024 * 1024;
const SNIPPET_LIMIT = 200;

// ---------------------------------------------------------------------------------------------
// The shapes of Mailpit's API (definitions of mailpit-openapi.json)

export interface Address {
  Name: string;
  Address: string;
}

export interface AttachmentInfo {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
  Checksums: { MD5: string; SHA1: string; SHA256: string };
}

export interface MessageSummary {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: Address;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  Subject: string;
  Created: string;
  Username: string;
  Tags: string[];
  Size: number;
  Attachments: number;
  Snippet: string;
}

export interface Message {
  ID: string;
  MessageID: string;
  From: Address;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  ReturnPath: string;
  Subject: string;
  ListUnsubscribe: { Header: string; Links: string[]; Errors: string; HeaderPost: string };
  Date: string;
  Tags: string[];
  Username: string;
  Text: string;
  HTML: string;
  Size: number;
  Inline: AttachmentInfo[];
  Attachments: AttachmentInfo[];
}

export interface MessagesSummary {
  total: number;
  unread: number;
  /** Undocumented since 2023 but still sent by Mailpit. */
  count: number;
  messages_count: number;
  messages_unread: number;
  start: number;
  tags: string[];
  messages: MessageSummary[];
}

// ---------------------------------------------------------------------------------------------
// Stored messages

interface StoredPart {
  info: AttachmentInfo;
  content: Buffer;
  inline: boolean;
}

interface Stored {
  seq: number;
  id: string;
  created: Date;
  raw: Buffer;
  read: boolean;
  messageId: string;
  subject: string;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  returnPath: string;
  date: Date;
  text: string;
  html: string;
  parts: StoredPart[];
  /** Attachments proper (not inline parts), counted as Mailpit counts them. */
  attachmentCount: number;
  listUnsubscribe: Message['ListUnsubscribe'];
  snippet: string;
  searchText: string;
}

// Mailpit's IDs are shortuuid strings: 22 characters of this base57 alphabet.
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function newId(): string {
  let id = '';
  for (let i = 0; i < 22; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

function summaryOf(m: Stored): MessageSummary {
  return {
    ID: m.id,
    MessageID: m.messageId,
    Read: m.read,
    From: m.from,
    To: m.to,
    Cc: m.cc,
    Bcc: m.bcc,
    ReplyTo: m.replyTo,
    Subject: m.subject,
    Created: m.created.toISOString(),
    Username: '',
    Tags: [],
    Size: m.raw.length,
    Attachments: m.attachmentCount,
    Snippet: m.snippet,
  };
}

function messageOf(m: Stored): Message {
  return {
    ID: m.id,
    MessageID: m.messageId,
    From: m.from,
    To: m.to,
    Cc: m.cc,
    Bcc: m.bcc,
    ReplyTo: m.replyTo,
    ReturnPath: m.returnPath,
    Subject: m.subject,
    ListUnsubscribe: m.listUnsubscribe,
    Date: m.date.toISOString(),
    Tags: [],
    Username: '',
    Text: m.text,
    HTML: m.html,
    Size: m.raw.length,
    Inline: m.parts.filter((p) => p.inline && (p.info.FileName || p.info.ContentID)).map((p) => p.info),
    Attachments: m.parts.filter((p) => !p.inline && (p.info.FileName || p.info.ContentID)).map((p) => p.info),
  };
}

// ---------------------------------------------------------------------------------------------
// Raw header handling (byte-preserving: headers are handled as latin1 strings)

interface RawHeaderField {
  name: string;
  /** The whole field, continuation lines included, with its line ends. */
  text: string;
}

/** Splits the raw message into its header fields and the rest (the empty line and the body). */
function splitHeader(raw: Buffer): { fields: RawHeaderField[]; rest: Buffer } {
  const s = raw.toString('latin1');
  const fields: RawHeaderField[] = [];
  let pos = 0;
  while (pos < s.length) {
    const nl = s.indexOf('\n', pos);
    const lineEnd = nl < 0 ? s.length : nl + 1;
    const line = s.slice(pos, lineEnd);
    if (line === '\n' || line === '\r\n') break; // the empty line ending the header
    if ((line[0] === ' ' || line[0] === '\t') && fields.length > 0) {
      fields[fields.length - 1].text += line;
    } else {
      const colon = line.indexOf(':');
      fields.push({ name: colon > 0 ? line.slice(0, colon).trim() : '', text: line });
    }
    pos = lineEnd;
  }
  return { fields, rest: raw.subarray(Buffer.byteLength(s.slice(0, pos), 'latin1')) };
}

/** Sets a header like Mailpit's tools.SetMessageHeader: replaces the first field of that name, or prepends one. */
function setHeader(raw: Buffer, name: string, value: string): Buffer {
  const { fields, rest } = splitHeader(raw);
  const line = `${name}: ${value}\r\n`;
  const i = fields.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
  if (i < 0) return Buffer.concat([Buffer.from(line, 'utf8'), raw]);
  const head = fields.map((f, j) => (j === i ? Buffer.from(line, 'utf8') : Buffer.from(f.text, 'latin1')));
  return Buffer.concat([...head, rest]);
}

/** The value of the first field of that name, unfolded, as UTF-8 text ('' if none). */
function headerValue(raw: Buffer, name: string): string {
  const f = splitHeader(raw).fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!f) return '';
  const value = f.text.slice(f.text.indexOf(':') + 1);
  return Buffer.from(value, 'latin1').toString('utf8').replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** Header names as Go's textproto canonicalises them: "message-id" → "Message-Id". */
function canonicalHeaderName(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** All headers, keys sorted, values unfolded and not decoded (as Mailpit's /headers answers). */
function headersOf(raw: Buffer): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of splitHeader(raw).fields) {
    if (!f.name) continue;
    const key = canonicalHeaderName(f.name);
    const value = Buffer.from(f.text.slice(f.text.indexOf(':') + 1), 'latin1').toString('utf8').replace(/\r?\n[ \t]+/g, ' ').trim();
    (out[key] ??= []).push(value);
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

// ---------------------------------------------------------------------------------------------
// Parsing

function addressesOf(v: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  const visit = (list: { address?: string; name?: string; group?: { address?: string; name?: string }[] }[]) => {
    for (const a of list) {
      if (a.group) visit(a.group);
      else if (a.address || a.name) out.push({ Name: a.name ?? '', Address: a.address ?? '' });
    }
  };
  for (const o of v === undefined ? [] : Array.isArray(v) ? v : [v]) visit(o.value ?? []);
  return out;
}

function stripHtml(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/gi, '&');
}

/** Mailpit's CreateSnippet: the HTML (stripped) if any, else the text, whitespace collapsed, 200 characters. */
function snippetOf(text: string, html: string): string {
  const source = html.trim() ? stripHtml(html) : text;
  const flat = source.replace(/\uFEFF/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= SNIPPET_LIMIT ? flat : `${chars.slice(0, SNIPPET_LIMIT).join('')}...`;
}

function listUnsubscribeOf(raw: Buffer): Message['ListUnsubscribe'] {
  const header = headerValue(raw, 'List-Unsubscribe');
  const result = { Header: header, Links: [] as string[], Errors: '', HeaderPost: '' };
  if (!header) return result;
  result.HeaderPost = headerValue(raw, 'List-Unsubscribe-Post');
  for (const m of header.matchAll(/<([^>]*)>/g)) {
    const link = m[1].trim();
    if (/^(mailto:|https?:\/\/)/i.test(link)) result.Links.push(link);
    else result.Errors = `"${link}" is not a valid link`;
  }
  if (result.Links.length === 0 && !result.Errors) result.Errors = 'no valid links';
  return result;
}

function partOf(a: Attachment, index: number): StoredPart {
  const content = Buffer.isBuffer(a.content) ? a.content : Buffer.alloc(0);
  const cid = a.cid ?? '';
  return {
    inline: a.contentDisposition === 'inline' || (a.related === true && a.contentDisposition !== 'attachment'),
    content,
    info: {
      PartID: a.partId ?? String(index + 2),
      FileName: a.filename ?? cid,
      ContentType: a.contentType ?? 'application/octet-stream',
      ContentID: cid,
      Size: content.length,
      Checksums: {
        MD5: createHash('md5').update(content).digest('hex'),
        SHA1: createHash('sha1').update(content).digest('hex'),
        SHA256: createHash('sha256').update(content).digest('hex'),
      },
    },
  };
}

interface Envelope {
  mailFrom: string;
  rcptTo: string[];
}

/** Parses a received message into what the API answers; never throws: what cannot be read stays empty. */
async function readMessage(data: Buffer, envelope: Envelope, created: Date, seq: number): Promise<Stored> {
  // Mailpit: <CR><CR><LF> becomes <CR><LF>
  let raw = data.includes('\r\r\n') ? Buffer.from(data.toString('latin1').replace(/\r\r\n/g, '\r\n'), 'latin1') : data;

  let parsed: Partial<ParsedMail> = {};
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch {
    parsed = {};
  }
  const safe = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch {
      return fallback;
    }
  };

  const fromList = safe(() => addressesOf(parsed.from), []);
  const fromHeader = safe(() => headerValue(raw, 'From'), '');
  const from: Address = fromList[0] ?? { Name: fromHeader, Address: '' };
  const to = safe(() => addressesOf(parsed.to), []);
  const cc = safe(() => addressesOf(parsed.cc), []);
  let bcc = safe(() => addressesOf(parsed.bcc), []);
  const replyTo = safe(() => addressesOf(parsed.replyTo), []);

  // Return-Path from MAIL FROM
  const returnPath = envelope.mailFrom;
  if (safe(() => headerValue(raw, 'Return-Path').replace(/^<|>$/g, ''), '') !== returnPath) {
    raw = setHeader(raw, 'Return-Path', `<${returnPath}>`);
  }

  // a Message-ID when there is none
  let messageId = safe(() => headerValue(raw, 'Message-ID').replace(/^<|>$/g, ''), '');
  if (!messageId) {
    messageId = `${newId()}@mailpit`;
    raw = Buffer.concat([Buffer.from(`Message-ID: <${messageId}>\r\n`, 'latin1'), raw]);
  }

  // recipients of the envelope that no header names become Bcc
  const named = new Set([...to, ...cc, ...bcc].map((a) => a.Address.toLowerCase()));
  const missing = envelope.rcptTo.filter((a) => a.includes('@') && !named.has(a.toLowerCase()));
  if (missing.length > 0) {
    const existing = safe(() => headerValue(raw, 'Bcc'), '');
    raw = setHeader(raw, 'Bcc', [existing, ...missing].filter(Boolean).join(', '));
    bcc = [...bcc, ...missing.map((a) => ({ Name: '', Address: a }))];
  }

  const subject = typeof parsed.subject === 'string' ? parsed.subject : safe(() => headerValue(raw, 'Subject'), '');
  const dateHeader = safe(() => headerValue(raw, 'Date'), '');
  const headerDate = dateHeader ? new Date(dateHeader) : undefined;
  const date = headerDate && !Number.isNaN(headerDate.getTime()) ? headerDate : created;
  const text = typeof parsed.text === 'string' ? parsed.text : '';
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const parts = safe(() => (parsed.attachments ?? []).map(partOf), []);

  const names = (list: Address[]) => list.map((a) => `${a.Name} ${a.Address}`).join(' ');
  const searchText = [subject, names([from]), names(to), names(cc), names(bcc), names(replyTo), text, stripHtml(html), ...parts.map((p) => p.info.FileName)]
    .join(' ')
    .replace(/\s+/g, ' ')
    .toLowerCase();

  return {
    seq,
    id: newId(),
    created,
    raw,
    read: false,
    messageId,
    subject,
    from,
    to,
    cc,
    bcc,
    replyTo,
    returnPath,
    date,
    text,
    html,
    parts,
    attachmentCount: parts.filter((p) => !p.inline).length,
    listUnsubscribe: safe(() => listUnsubscribeOf(raw), { Header: '', Links: [], Errors: '', HeaderPost: '' }),
    snippet: safe(() => snippetOf(text, html), ''),
    searchText,
  };
}

// ---------------------------------------------------------------------------------------------
// Search (Mailpit's search filters)

/** Splits a query into terms; double quotes group words and are removed (Mailpit's ArgsParser). */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of query) {
    if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && /\s/.test(c)) {
      if (cur) terms.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  if (cur) terms.push(cur);
  return terms;
}

/** A date of a search: `2026-06-16` is that day's midnight (local time), anything else as Date parses it. */
function searchDate(value: string): number | undefined {
  const day = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (day) return new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])).getTime();
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? undefined : t;
}

function sizeOf(value: string): number {
  const m = /^(\d+)(\.\d+)?\s?([a-z]{1,2})?$/i.exec(value.trim());
  if (!m) return 0;
  const n = Number(m[1] + (m[2] ?? ''));
  const unit = (m[3] ?? '').toLowerCase();
  if (unit === '') return Math.floor(n);
  if (unit === 'k' || unit === 'kb') return Math.floor(n * 1024);
  if (unit === 'm' || unit === 'mb') return Math.floor(n * 1024 * 1024);
  return 0;
}

type Predicate = (m: Stored) => boolean;

const addressText = (list: Address[]) => list.map((a) => `${a.Name} ${a.Address}`.toLowerCase()).join('\n');

/** Terms on one field, matched as a case-insensitive substring (Mailpit's LIKE '%value%'). */
const FIELD_TERMS: [string, (m: Stored) => string][] = [
  ['to:', (m) => addressText(m.to)],
  ['from:', (m) => addressText([m.from])],
  ['cc:', (m) => addressText(m.cc)],
  ['bcc:', (m) => addressText(m.bcc)],
  ['reply-to:', (m) => addressText(m.replyTo)],
  ['addressed:', (m) => addressText([m.from, ...m.to, ...m.cc, ...m.bcc, ...m.replyTo])],
  ['subject:', (m) => m.subject.toLowerCase()],
  ['message-id:', (m) => m.messageId.toLowerCase()],
  ['tag:', () => ''],
];

/** The filter of a Mailpit search query: every term must hold (a leading - or ! negates a term). */
export function compileSearch(query: string): Predicate {
  const preds: Predicate[] = [];
  for (let term of searchTerms(query)) {
    let exclude = false;
    if (term.length > 1 && (term[0] === '-' || term[0] === '!')) {
      exclude = true;
      term = term.slice(1);
    }
    // like Mailpit, terms without an ASCII letter or digit are ignored
    if (!/[a-zA-Z0-9]/.test(term)) continue;
    const lower = term.toLowerCase();
    const field = FIELD_TERMS.find(([prefix]) => lower.startsWith(prefix));
    let p: Predicate | undefined;
    if (field) {
      const value = term.slice(field[0].length).trim().toLowerCase();
      if (!value) continue;
      const of = field[1];
      p = (m) => of(m).includes(value);
    } else if (lower === 'is:read') p = (m) => m.read;
    else if (lower === 'is:unread') p = (m) => !m.read;
    else if (lower === 'is:tagged') p = () => false;
    else if (lower === 'has:attachment' || lower === 'has:attachments') p = (m) => m.attachmentCount > 0;
    else if (lower === 'has:inline' || lower === 'has:inlines') p = (m) => m.parts.some((x) => x.inline);
    else if (lower.startsWith('after:') || lower.startsWith('before:')) {
      // dates: Mailpit turns a negated after: into before: and the other way round
      const after = lower.startsWith('after:');
      const t = searchDate(term.slice(after ? 6 : 7).trim());
      if (t === undefined) continue; // an invalid date is ignored
      preds.push(after !== exclude ? (m) => m.created.getTime() >= t : (m) => m.created.getTime() <= t);
      continue;
    } else if (lower.startsWith('larger:') && sizeOf(term.slice(7)) > 0) {
      const n = sizeOf(term.slice(7));
      p = (m) => m.raw.length > n;
    } else if (lower.startsWith('smaller:') && sizeOf(term.slice(8)) > 0) {
      const n = sizeOf(term.slice(8));
      p = (m) => m.raw.length < n;
    } else p = (m) => m.searchText.includes(lower);
    if (!p) continue;
    const q = p;
    preds.push(exclude ? (m) => !q(m) : q);
  }
  return (m) => preds.every((f) => f(m));
}

// ---------------------------------------------------------------------------------------------
// The catcher

class Mailstore {
  /** Newest first. */
  messages: Stored[] = [];
  seq = 0;
  readonly started = Date.now();
  stats = { SMTPAccepted: 0, SMTPAcceptedSize: 0, SMTPRejected: 0, SMTPIgnored: 0, MessagesDeleted: 0 };

  constructor(
    private readonly maxMessages: number,
    private readonly broadcast: (type: string, data: unknown) => void,
  ) {}

  private lastCreated = 0;
  /**
   * The time of receipt, in milliseconds like Mailpit's, but never equal to the previous one: messages
   * received in the same millisecond still sort, and compare with after:/before:, in their order of receipt.
   */
  receivedAt(): Date {
    this.lastCreated = Math.max(Date.now(), this.lastCreated + 1);
    return new Date(this.lastCreated);
  }

  find(id: string): Stored | undefined {
    if (id === 'latest') return this.messages[0];
    return this.messages.find((m) => m.id === id);
  }

  get unread(): number {
    return this.messages.reduce((n, m) => n + (m.read ? 0 : 1), 0);
  }

  add(m: Stored): void {
    // newest first by receipt; parsing may finish out of order
    let i = 0;
    while (i < this.messages.length && this.messages[i].seq > m.seq) i++;
    this.messages.splice(i, 0, m);
    this.stats.SMTPAccepted++;
    this.stats.SMTPAcceptedSize += m.raw.length;
    this.broadcast('new', summaryOf(m));
    if (this.maxMessages > 0 && this.messages.length > this.maxMessages) {
      const pruned = this.messages.splice(this.maxMessages);
      this.stats.MessagesDeleted += pruned.length;
      this.broadcast('prune', null);
    }
    this.statsChanged();
  }

  markRead(list: Stored[], read: boolean): void {
    for (const m of list) {
      m.read = read;
      this.broadcast('update', { ID: m.id, Read: read });
    }
    this.statsChanged();
  }

  delete(ids: string[]): void {
    const wanted = new Set(ids);
    const gone = this.messages.filter((m) => wanted.has(m.id));
    if (gone.length === 0) return;
    this.messages = this.messages.filter((m) => !wanted.has(m.id));
    this.stats.MessagesDeleted += gone.length;
    this.statsChanged();
    for (const m of gone) this.broadcast('delete', { ID: m.id });
  }

  deleteAll(): void {
    this.stats.MessagesDeleted += this.messages.length;
    this.messages = [];
    this.statsChanged();
    this.broadcast('truncate', null);
  }

  private statsPending = false;
  /** Mailpit sends the mailbox totals after changes, at most a few times a second. */
  private statsChanged(): void {
    if (this.statsPending) return;
    this.statsPending = true;
    setImmediate(() => {
      this.statsPending = false;
      this.broadcast('stats', { Total: this.messages.length, Unread: this.unread, Version: CATCHER_VERSION });
    });
  }
}

function startOf(url: URL): number {
  const n = Number.parseInt(url.searchParams.get('start') ?? '', 10);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

function limitOf(url: URL): number {
  const n = Number.parseInt(url.searchParams.get('limit') ?? '', 10);
  return Number.isInteger(n) && n > 0 ? n : 50;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, value: unknown): void {
  send(res, 200, `${JSON.stringify(value)}\n`, 'application/json');
}

const notFound = (res: ServerResponse) => send(res, 404, '404 page not found');

async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function listSummary(store: Mailstore, list: Stored[], start: number, limit: number, matched: Stored[] = list): MessagesSummary {
  const page = list.slice(start, start + limit).map(summaryOf);
  return {
    total: store.messages.length,
    unread: store.unread,
    count: page.length,
    messages_count: matched.length,
    messages_unread: matched.reduce((n, m) => n + (m.read ? 0 : 1), 0),
    start,
    tags: [],
    messages: page,
  };
}

async function handle(store: Mailstore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://catcher');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (path === '/livez' || path === '/readyz') return send(res, 200, 'ok');

  if (path === '/api/v1/info' && method === 'GET') {
    return sendJson(res, {
      Version: CATCHER_VERSION,
      LatestVersion: '',
      Database: '',
      DatabaseSize: store.messages.reduce((n, m) => n + m.raw.length, 0),
      Messages: store.messages.length,
      Unread: store.unread,
      Tags: {},
      RuntimeStats: {
        Uptime: Math.floor((Date.now() - store.started) / 1000),
        Memory: process.memoryUsage().rss,
        ...store.stats,
      },
    });
  }

  if (path === '/api/v1/messages') {
    if (method === 'GET') {
      const before = searchDate(url.searchParams.get('before') ?? '');
      const list = before === undefined ? store.messages : store.messages.filter((m) => m.created.getTime() < before);
      const summary = listSummary(store, list, startOf(url), limitOf(url));
      // Mailpit counts the whole mailbox for the plain list
      summary.messages_count = store.messages.length;
      summary.messages_unread = store.unread;
      return sendJson(res, summary);
    }
    if (method === 'DELETE') {
      let ids: string[] = [];
      try {
        const body = JSON.parse(await readBody(req)) as { IDs?: unknown };
        if (Array.isArray(body?.IDs)) ids = body.IDs.filter((x): x is string => typeof x === 'string');
      } catch {
        ids = []; // as Mailpit: no (readable) body deletes everything
      }
      if (ids.length === 0) store.deleteAll();
      else store.delete(ids);
      return send(res, 200, 'ok');
    }
    if (method === 'PUT') {
      let body: { Read?: unknown; IDs?: unknown; Search?: unknown };
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch (e) {
        return send(res, 400, (e as Error).message);
      }
      const ids = Array.isArray(body?.IDs) ? body.IDs.filter((x): x is string => typeof x === 'string') : [];
      const search = typeof body?.Search === 'string' ? body.Search.trim() : '';
      if (ids.length > 0 && search) return send(res, 400, 'You may specify either IDs or a search query, not both');
      const targets = search ? store.messages.filter(compileSearch(search)) : ids.length > 0 ? store.messages.filter((m) => ids.includes(m.id)) : store.messages;
      store.markRead(targets, body?.Read === true);
      return send(res, 200, 'ok');
    }
  }

  if (path === '/api/v1/search') {
    const query = (url.searchParams.get('query') ?? '').trim();
    if (!query) return send(res, 400, 'Error: no search query');
    const matched = store.messages.filter(compileSearch(query));
    if (method === 'GET') {
      const before = searchDate(url.searchParams.get('before') ?? '');
      const list = before === undefined ? matched : matched.filter((m) => m.created.getTime() < before);
      return sendJson(res, listSummary(store, list, startOf(url), limitOf(url), list));
    }
    if (method === 'DELETE') {
      store.delete(matched.map((m) => m.id));
      return send(res, 200, 'ok');
    }
  }

  const messagePath = /^\/api\/v1\/message\/([^/]+)(?:\/(raw|headers|part\/([^/]+)))?$/.exec(path);
  if (messagePath && method === 'GET') {
    const [, rawId, sub, partId] = messagePath;
    const id = decodeURIComponent(rawId);
    let m: Stored | undefined;
    if (id === 'latest') {
      const query = (url.searchParams.get('query') ?? '').trim();
      m = query ? store.messages.find(compileSearch(query)) : store.messages[0];
      if (!m) return send(res, 404, 'Message not found');
    } else {
      m = store.find(id);
    }
    if (!m) return notFound(res);
    if (sub === undefined) {
      const message = messageOf(m);
      store.markRead([m], true);
      return sendJson(res, message);
    }
    if (sub === 'raw') {
      if (url.searchParams.get('dl') === '1') res.setHeader('Content-Disposition', `attachment; filename="${m.id}.eml"`);
      return send(res, 200, m.raw);
    }
    if (sub === 'headers') return sendJson(res, headersOf(m.raw));
    const part = m.parts.find((p) => p.info.PartID === decodeURIComponent(partId));
    if (!part) return notFound(res);
    res.setHeader('Content-Disposition', `inline; filename="${encodeURIComponent(part.info.FileName)}"`);
    return send(res, 200, part.content, part.info.ContentType);
  }

  const view = /^\/view\/([^/]+)\.(txt|html)$/.exec(path);
  if (view && method === 'GET') {
    const m = store.find(decodeURIComponent(view[1]));
    if (!m) return notFound(res);
    if (view[2] === 'txt') return send(res, 200, m.text);
    if (!m.html) return notFound(res);
    return send(res, 200, m.html, 'text/html; charset=utf-8');
  }

  return notFound(res);
}

function listen(server: { listen(port: number, host: string): unknown; once(event: string, f: (...a: unknown[]) => void): unknown }, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve());
    server.listen(port, host);
  });
}

export async function startCatcher(opts: CatcherOptions = {}): Promise<Catcher> {
  const host = opts.host ?? '127.0.0.1';
  const clients = new Set<WebSocket>();
  const broadcast = (type: string, data: unknown) => {
    if (clients.size === 0) return;
    const frame = JSON.stringify({ Type: type, Data: data });
    for (const ws of clients) if (ws.readyState === WebSocket.OPEN) ws.send(frame);
  };
  const store = new Mailstore(opts.maxMessages ?? 500, broadcast);

  // --- SMTP
  const smtp = new SMTPServer({
    name: 'catcher',
    banner: 'Mailpit ESMTP Service ready',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    size: MAX_SIZE,
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 250,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(c);
      });
      stream.on('error', (e) => callback(e));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          store.stats.SMTPRejected++;
          const err = Object.assign(new Error(`Message exceeds fixed maximum message size (${MAX_SIZE} bytes)`), { responseCode: 552 });
          return callback(err);
        }
        const created = store.receivedAt();
        const seq = ++store.seq;
        const envelope: Envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        readMessage(Buffer.concat(chunks), envelope, created, seq)
          .then((m) => {
            store.add(m);
            callback(null);
          })
          .catch((e: unknown) => {
            store.stats.SMTPRejected++;
            callback(e instanceof Error ? e : new Error(String(e)));
          });
      });
    },
  });
  smtp.on('error', () => {
    /* a client's broken connection must not end the catcher */
  });
  await listen(smtp.server, opts.smtpPort ?? 0, host);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  // --- HTTP and websocket
  const http: HttpServer = createServer((req, res) => {
    handle(store, req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 400, e instanceof Error ? e.message : String(e));
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    if (new URL(req.url ?? '/', 'http://catcher').pathname !== '/api/events') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => clients.delete(ws));
    });
  });
  try {
    await listen(http, opts.httpPort ?? 0, host);
  } catch (e) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw e;
  }
  const httpPort = (http.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    httpUrl: `http://${urlHost}:${httpPort}`,
    smtpUrl: `smtp://${urlHost}:${smtpPort}`,
    smtpPort,
    httpPort,
    close() {
      closing ??= (async () => {
        for (const ws of clients) ws.terminate();
        clients.clear();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeAllConnections();
        await Promise.all([httpClosed, new Promise<void>((resolve) => smtp.close(() => resolve()))]);
      })();
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Command line

function isMain(): boolean {
  if (!process.argv[1]) return false;
  try {
    return pathToFileURL(realpathSync(process.argv[1])).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isMain()) {
  const port = (name: string, fallback: number) => {
    const v = process.env[name];
    const n = v === undefined || v === '' ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, not "${v}"`);
    return n;
  };
  const catcher = await startCatcher({
    host: process.env.MAILPIT_HOST || '127.0.0.1',
    httpPort: port('MAILPIT_HTTP_PORT', 8025),
    smtpPort: port('MAILPIT_SMTP_PORT', 1025),
  });
  console.log(`mail catcher ${CATCHER_VERSION}`);
  console.log(`  MAILPIT_URL=${catcher.httpUrl}`);
  console.log(`  SMTP_URL=${catcher.smtpUrl}`);
  const stop = () => {
    catcher.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
