// Shared by the mail tests: sending over SMTP (UTF-8 through nodemailer, ISO-2022-JP crafted by hand),
// the Mailpit definitions of harness/mail/mailpit-openapi.json as ajv validators, and small helpers.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import iconv from 'iconv-lite';
import nodemailer from 'nodemailer';
import { startCatcher, type Catcher, type CatcherOptions } from '../../harness/mail/catcher.ts';

// ---------------------------------------------------------------------------------------------
// ISO-2022-JP

/**
 * Text as ISO-2022-JP bytes. iconv-lite has no ISO-2022-JP codec, but its EUC-JP one gives the same
 * JIS X 0208 code points: each two-byte EUC-JP character (0xA1–0xFE, 0xA1–0xFE) is that character's
 * JIS row/cell + 0x80, written in ISO-2022-JP between ESC $ B and ESC ( B.
 */
export function iso2022jp(text: string): Buffer {
  const euc = iconv.encode(text, 'EUC-JP');
  const out: number[] = [];
  let jis = false;
  for (let i = 0; i < euc.length; i++) {
    const b = euc[i];
    if (b < 0x80) {
      if (jis) out.push(0x1b, 0x28, 0x42);
      jis = false;
      out.push(b);
    } else if (b >= 0xa1 && b <= 0xfe && i + 1 < euc.length && euc[i + 1] >= 0xa1 && euc[i + 1] <= 0xfe) {
      if (!jis) out.push(0x1b, 0x24, 0x42);
      jis = true;
      out.push(b - 0x80, euc[++i] - 0x80);
    } else {
      throw new Error(`not in JIS X 0208, cannot be sent as ISO-2022-JP: ${JSON.stringify(text)}`);
    }
  }
  if (jis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

/** An RFC 2047 encoded-word of ISO-2022-JP text. */
export const jisWord = (text: string) => `=?ISO-2022-JP?B?${iso2022jp(text).toString('base64')}?=`;

export interface RawMail {
  from: string;
  to: string;
  subject: string;
  body: string;
  date?: Date;
  messageId?: string;
}

/** A whole message in ISO-2022-JP (7bit body, subject as an encoded-word), as Japanese mailers send it. */
export function iso2022jpMessage(m: RawMail): Buffer {
  const head = [
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${jisWord(m.subject)}`,
    `Date: ${(m.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${m.messageId ?? `${randomUUID()}@test.example`}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=ISO-2022-JP',
    'Content-Transfer-Encoding: 7bit',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'ascii'), iso2022jp(m.body.replace(/\r?\n/g, '\r\n'))]);
}

// ---------------------------------------------------------------------------------------------
// SMTP

export type Transport = ReturnType<typeof transportFor>;

/** A pooled transport: smtp-server makes every new connection wait 100 ms before its greeting. */
export function transportFor(smtpUrl: string) {
  const url = new URL(smtpUrl);
  return nodemailer.createTransport({ host: url.hostname, port: Number(url.port), secure: false, ignoreTLS: true, pool: true, maxConnections: 2 });
}

/** Sends bytes as they are, with the given envelope. */
export async function sendRaw(t: Transport, envelope: { from: string; to: string[] }, raw: Buffer | string): Promise<void> {
  await t.sendMail({ envelope, raw });
}

// ---------------------------------------------------------------------------------------------
// Catchers

/** Runs `fn` with a catcher of its own (and a transport to it), closing both afterwards. */
export async function withCatcher(opts: CatcherOptions, fn: (c: Catcher, t: Transport) => Promise<void>): Promise<void> {
  const c = await startCatcher({ smtpPort: 0, httpPort: 0, ...opts });
  const t = transportFor(c.smtpUrl);
  try {
    await fn(c, t);
  } finally {
    t.close();
    await c.close();
  }
}

export async function getJson<T = unknown>(url: string): Promise<T> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `GET ${url}: ${res.status} ${await res.clone().text()}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return (await res.json()) as T;
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

// ---------------------------------------------------------------------------------------------
// The Mailpit definitions (Swagger 2.0) as JSON Schema validators

type Schema = { [k: string]: unknown };

const SPEC_URL = new URL('../../harness/mail/mailpit-openapi.json', import.meta.url);

/** Fields Mailpit sends that its definitions do not list (kept for compatibility). */
const UNDOCUMENTED: Record<string, Record<string, Schema>> = {
  MessagesSummary: { count: { type: 'integer', format: 'uint64' } },
};

function rewriteRefs(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, base));
  if (node && typeof node === 'object') {
    const out: Schema = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/^#\/definitions\//, `${base}#/definitions/`) : rewriteRefs(v, base);
    }
    return out;
  }
  return node;
}

/** Every object with listed properties must have all of them and nothing else. */
function tighten(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tighten);
  if (node && typeof node === 'object') {
    const out: Schema = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, tighten(s)])) : tighten(v);
    if (out.type === 'object' && out.properties && typeof out.properties === 'object') {
      out.required = Object.keys(out.properties);
      if (!('additionalProperties' in out)) out.additionalProperties = false;
    }
    return out;
  }
  return node;
}

function buildAjv() {
  const spec = JSON.parse(readFileSync(SPEC_URL, 'utf8')) as { swagger: string; definitions: Record<string, Schema> };
  assert.equal(spec.swagger, '2.0');
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its plugin is the `default` of the module under either import style
  ajvFormats.default(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('uint64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) && n >= 0 });
  // as published
  ajv.addSchema({ $id: 'mailpit', definitions: rewriteRefs(spec.definitions, 'mailpit') as Schema });
  // tightened: the catcher must send every documented field and no other
  const strict: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(spec.definitions)) {
    const extra = UNDOCUMENTED[name];
    strict[name] = extra ? { ...def, properties: { ...(def.properties as Schema), ...extra } } : def;
  }
  ajv.addSchema({ $id: 'mailpit-strict', definitions: tighten(rewriteRefs(strict, 'mailpit-strict')) as Schema });
  return ajv;
}

let ajvInstance: Ajv | undefined;

/** The validator of a definition of the spec ("Message", "MessagesSummary", ...), published and tightened. */
export function definition(name: string): { published: ValidateFunction; strict: ValidateFunction } {
  ajvInstance ??= buildAjv();
  const published = ajvInstance.getSchema(`mailpit#/definitions/${name}`);
  const strict = ajvInstance.getSchema(`mailpit-strict#/definitions/${name}`);
  assert.ok(published && strict, `no definition ${name} in mailpit-openapi.json`);
  return { published, strict };
}

/** Asserts that `value` is a `name` of Mailpit's API: valid as published, and with every documented field. */
export function assertShape(name: string, value: unknown, where = name): void {
  const { published, strict } = definition(name);
  assert.ok(published(value), `${where} is not a valid ${name}: ${JSON.stringify(published.errors)}\n${JSON.stringify(value).slice(0, 2000)}`);
  assert.ok(strict(value), `${where} lacks fields of ${name} or has others: ${JSON.stringify(strict.errors)}\n${JSON.stringify(value).slice(0, 2000)}`);
}

/** Mailpit's IDs: 22 characters of shortuuid's alphabet. */
export const MAILPIT_ID = /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]{22}$/;
