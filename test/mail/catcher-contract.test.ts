// The embedded catcher against Mailpit's API description (harness/mail/mailpit-openapi.json, v1.30.5):
// every JSON answer validated against its definition (as published, and with every documented field
// present and no other), and Mailpit's behaviour: search filters, deletes, retention, the websocket,
// Japanese mail in UTF-8 and ISO-2022-JP, broken and large mail.

import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import type { Catcher } from '../../harness/mail/catcher.ts';
import { assertShape, getJson, iso2022jp, iso2022jpMessage, MAILPIT_ID, sendRaw, withCatcher, type Transport } from './support.ts';

interface Addr {
  Name: string;
  Address: string;
}
interface Summary {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: Addr;
  To: Addr[];
  Cc: Addr[];
  Bcc: Addr[];
  ReplyTo: Addr[];
  Subject: string;
  Created: string;
  Size: number;
  Attachments: number;
  Snippet: string;
  Tags: string[];
}
interface List {
  total: number;
  unread: number;
  messages_count: number;
  messages_unread: number;
  start: number;
  tags: string[];
  messages: Summary[];
}
interface Part {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
  Checksums: { MD5: string; SHA1: string; SHA256: string };
}
interface Msg {
  ID: string;
  MessageID: string;
  From: Addr;
  To: Addr[];
  Cc: Addr[];
  Bcc: Addr[];
  ReplyTo: Addr[];
  ReturnPath: string;
  Subject: string;
  Date: string;
  Text: string;
  HTML: string;
  Size: number;
  Attachments: Part[];
  Inline: Part[];
  Tags: string[];
  Username: string;
  ListUnsubscribe: { Header: string; Links: string[]; Errors: string; HeaderPost: string };
}
interface Info {
  Version: string;
  Messages: number;
  Unread: number;
  RuntimeStats: { SMTPAccepted: number; MessagesDeleted: number; SMTPRejected: number };
}

const list = (c: Catcher, query = '') => getJson<List>(`${c.httpUrl}/api/v1/messages${query}`);
const search = (c: Catcher, query: string, extra = '') => getJson<List>(`${c.httpUrl}/api/v1/search?query=${encodeURIComponent(query)}${extra}`);
const message = (c: Catcher, id: string) => getJson<Msg>(`${c.httpUrl}/api/v1/message/${id}`);
const info = (c: Catcher) => getJson<Info>(`${c.httpUrl}/api/v1/info`);

async function sendPlain(t: Transport, to: string, subject: string, text = `body of ${subject}`, from = 'sender@example.test') {
  await t.sendMail({ from, to, subject, text });
}

/** Sends the subjects in order, each after the previous is stored. */
async function sendAll(t: Transport, to: string, subjects: string[]) {
  for (const s of subjects) await sendPlain(t, to, s);
}

async function checkedList(c: Catcher, query = ''): Promise<List> {
  const l = await list(c, query);
  assertShape('MessagesSummary', l, `GET /api/v1/messages${query}`);
  for (const m of l.messages) assertShape('MessageSummary', m, `a message of GET /api/v1/messages${query}`);
  return l;
}

async function checkedSearch(c: Catcher, query: string, extra = ''): Promise<List> {
  const l = await search(c, query, extra);
  assertShape('MessagesSummary', l, `GET /api/v1/search?query=${query}`);
  for (const m of l.messages) assertShape('MessageSummary', m, `a message of GET /api/v1/search?query=${query}`);
  return l;
}

async function checkedMessage(c: Catcher, id: string): Promise<Msg> {
  const m = await message(c, id);
  assertShape('Message', m, `GET /api/v1/message/${id}`);
  return m;
}

/** The websocket of the catcher, with the frames received so far and a way to wait for the next one. */
async function events(c: Catcher) {
  const ws = new WebSocket(`${c.httpUrl.replace(/^http/, 'ws')}/api/events`);
  const frames: { Type: string; Data: unknown }[] = [];
  let waiting: { pred: (f: { Type: string; Data: unknown }) => boolean; done: (f: { Type: string; Data: unknown }) => void } | undefined;
  ws.on('message', (raw) => {
    for (const line of String(raw).split('\n').filter(Boolean)) {
      const f = JSON.parse(line) as { Type: string; Data: unknown };
      frames.push(f);
      if (waiting?.pred(f)) {
        waiting.done(f);
        waiting = undefined;
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    frames,
    /** The first frame (already received or coming) after index `from` that satisfies `pred`; fails after 5 s. */
    next(pred: (f: { Type: string; Data: unknown }) => boolean, from = 0) {
      const had = frames.slice(from).find(pred);
      if (had) return Promise.resolve(had);
      return new Promise<{ Type: string; Data: unknown }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such websocket frame within 5 s; frames: ${JSON.stringify(frames.map((f) => f.Type))}`)), 5000);
        waiting = {
          pred,
          done: (f) => {
            clearTimeout(timer);
            resolve(f);
          },
        };
      });
    },
    close: () => ws.terminate(),
  };
}

test('GET /api/v1/messages: a MessagesSummary, newest first, with counts, start and limit (default 50)', () =>
  withCatcher({}, async (c, t) => {
    const empty = await checkedList(c);
    assert.deepEqual({ ...empty, messages: empty.messages.length }, { total: 0, unread: 0, count: 0, messages_count: 0, messages_unread: 0, start: 0, tags: [], messages: 0 });

    const subjects = Array.from({ length: 53 }, (_, i) => `mail ${String(i).padStart(2, '0')}`);
    await sendAll(t, 'list@example.test', subjects);

    const l = await checkedList(c);
    assert.equal(l.total, 53);
    assert.equal(l.unread, 53);
    assert.equal(l.messages_count, 53);
    assert.equal(l.messages.length, 50, 'the default limit is 50');
    assert.deepEqual(l.messages.map((m) => m.Subject), subjects.slice(3).reverse(), 'newest first');
    for (let i = 1; i < l.messages.length; i++) assert.ok(Date.parse(l.messages[i - 1].Created) >= Date.parse(l.messages[i].Created));
    assert.equal(new Set(l.messages.map((m) => m.ID)).size, 50);
    for (const m of l.messages) {
      assert.match(m.ID, MAILPIT_ID);
      assert.equal(m.Read, false);
      assert.deepEqual(m.Tags, []);
      assert.deepEqual(m.To, [{ Name: '', Address: 'list@example.test' }]);
      assert.deepEqual(m.From, { Name: '', Address: 'sender@example.test' });
      assert.equal(m.Snippet, `body of ${m.Subject}`);
      assert.ok(m.Size > 100);
    }

    const page = await checkedList(c, '?start=10&limit=5');
    assert.equal(page.start, 10);
    assert.equal(page.messages_count, 53);
    assert.deepEqual(page.messages.map((m) => m.Subject), ['mail 42', 'mail 41', 'mail 40', 'mail 39', 'mail 38']);
    const tail = await checkedList(c, '?start=50&limit=50');
    assert.deepEqual(tail.messages.map((m) => m.Subject), ['mail 02', 'mail 01', 'mail 00']);
    const junk = await checkedList(c, '?start=-3&limit=zero');
    assert.equal(junk.start, 0);
    assert.equal(junk.messages.length, 50, 'invalid start/limit fall back to 0/50 as in Mailpit');
  }));

test('a UTF-8 mail with HTML, an attachment and an inline image reads back as a Message; reading marks it read', () =>
  withCatcher({}, async (c, t) => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e8b2d70000000049454e44ae426082', 'hex');
    await t.sendMail({
      from: '"山田 太郎" <yamada@example.test>',
      to: ['"受信者" <to1@example.test>', 'to2@example.test'],
      cc: 'cc@example.test',
      replyTo: 'reply@example.test',
      subject: '件名：日本語のテスト ✓',
      text: '本文です。\nワンタイムパスワード：123456\n',
      html: '<p>本文です。<img src="cid:logo@test"></p>',
      messageId: '<fixed-id@example.test>',
      date: new Date('2026-06-16T09:48:00Z'),
      headers: { 'List-Unsubscribe': '<mailto:unsub@example.test>, <https://example.test/unsub>' },
      attachments: [
        { filename: '請求書.txt', content: 'attachment content', contentType: 'text/plain' },
        { filename: 'logo.png', content: png, contentType: 'image/png', cid: 'logo@test' },
      ],
    });
    const l = await checkedList(c);
    assert.equal(l.messages.length, 1);
    const s = l.messages[0];
    assert.equal(s.Subject, '件名：日本語のテスト ✓');
    assert.deepEqual(s.From, { Name: '山田 太郎', Address: 'yamada@example.test' });
    assert.deepEqual(s.To, [{ Name: '受信者', Address: 'to1@example.test' }, { Name: '', Address: 'to2@example.test' }]);
    assert.deepEqual(s.Cc, [{ Name: '', Address: 'cc@example.test' }]);
    assert.deepEqual(s.ReplyTo, [{ Name: '', Address: 'reply@example.test' }]);
    assert.equal(s.MessageID, 'fixed-id@example.test');
    assert.equal(s.Attachments, 1, 'the inline image is not counted as an attachment');
    assert.equal(s.Snippet, '本文です。', 'the snippet comes from the HTML when there is one');
    assert.equal(s.Read, false);

    const m = await checkedMessage(c, s.ID);
    assert.equal(m.ID, s.ID);
    assert.equal(m.Subject, s.Subject);
    assert.equal(m.Text.trimEnd(), '本文です。\nワンタイムパスワード：123456');
    assert.equal(m.HTML, '<p>本文です。<img src="cid:logo@test"></p>');
    assert.equal(m.Date, '2026-06-16T09:48:00.000Z');
    assert.equal(m.ReturnPath, 'yamada@example.test', 'from MAIL FROM');
    assert.equal(m.Size, s.Size);
    assert.deepEqual(m.ListUnsubscribe.Links, ['mailto:unsub@example.test', 'https://example.test/unsub']);
    assert.equal(m.Attachments.length, 1);
    assert.equal(m.Attachments[0].FileName, '請求書.txt');
    assert.equal(m.Attachments[0].ContentType, 'text/plain');
    assert.equal(m.Attachments[0].Size, 'attachment content'.length);
    const hash = (algo: string) => createHash(algo).update('attachment content').digest('hex');
    assert.deepEqual(m.Attachments[0].Checksums, { MD5: hash('md5'), SHA1: hash('sha1'), SHA256: hash('sha256') });
    assert.equal(m.Inline.length, 1);
    assert.equal(m.Inline[0].ContentID, 'logo@test');
    assert.equal(m.Inline[0].ContentType, 'image/png');
    assert.equal(m.Inline[0].Size, png.length);

    const part = await fetch(`${c.httpUrl}/api/v1/message/${s.ID}/part/${m.Attachments[0].PartID}`);
    assert.equal(part.status, 200);
    assert.equal(await part.text(), 'attachment content');

    const after = await checkedList(c);
    assert.equal(after.messages[0].Read, true, 'GET /api/v1/message/{ID} marks it read');
    assert.equal(after.unread, 0);
    assert.equal((await info(c)).Unread, 0);
  }));

test('an ISO-2022-JP mail (encoded-word subject, 7bit JIS body) reads back as Japanese text', () =>
  withCatcher({}, async (c, t) => {
    // the encoder itself: あ is JIS 0x2422
    assert.deepEqual([...iso2022jp('aあb')], [0x61, 0x1b, 0x24, 0x42, 0x24, 0x22, 0x1b, 0x28, 0x42, 0x62]);
    const body = '日本語の本文：テスト\n有効期限:2026/06/16 18:58\n■全角記号ー・〒\n';
    const raw = iso2022jpMessage({ from: 'jis@example.test', to: 'jis-to@example.test', subject: 'ＪＩＳの件名テスト', body, messageId: 'jis-1@example.test' });
    assert.ok(raw.every((b) => b < 0x80), 'the crafted message is 7bit');
    await sendRaw(t, { from: 'jis@example.test', to: ['jis-to@example.test'] }, raw);

    const l = await checkedList(c);
    assert.equal(l.messages[0].Subject, 'ＪＩＳの件名テスト');
    assert.equal(l.messages[0].Snippet, '日本語の本文：テスト 有効期限:2026/06/16 18:58 ■全角記号ー・〒');
    const m = await checkedMessage(c, l.messages[0].ID);
    assert.equal(m.Subject, 'ＪＩＳの件名テスト');
    assert.equal(m.Text.replace(/\r\n/g, '\n').trimEnd(), body.trimEnd());
    assert.equal(m.MessageID, 'jis-1@example.test');

    const src = await fetch(`${c.httpUrl}/api/v1/message/${m.ID}/raw`);
    assert.equal(src.status, 200);
    assert.match(src.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await src.text();
    assert.ok(text.endsWith(raw.toString('latin1')), 'the source is the message as sent (after the headers Mailpit adds)');
    assert.ok(text.startsWith('Return-Path: <jis@example.test>\r\n'));
    assert.equal(Buffer.byteLength(text), m.Size);

    const found = await checkedSearch(c, 'subject:件名');
    assert.deepEqual(found.messages.map((x) => x.ID), [m.ID], 'subject search works on the decoded subject');
  }));

test('the websocket /api/events: a `new` frame carrying a MessageSummary per stored mail, then stats, update, delete, truncate', () =>
  withCatcher({}, async (c, t) => {
    const ev = await events(c);
    try {
      await sendPlain(t, 'ws@example.test', 'first');
      const first = await ev.next((f) => f.Type === 'new');
      assertShape('MessageSummary', first.Data, 'the Data of a `new` frame');
      const l = await checkedList(c);
      assert.deepEqual(first.Data, l.messages[0], 'the frame carries what the list shows');
      const stats = await ev.next((f) => f.Type === 'stats');
      assert.deepEqual(stats.Data, { Total: 1, Unread: 1, Version: 'v1.30.5-catcher' });

      await sendPlain(t, 'ws@example.test', 'second');
      const second = (await ev.next((f) => f.Type === 'new' && (f.Data as Summary).Subject === 'second')).Data as Summary;
      assertShape('MessageSummary', second);

      let from = ev.frames.length;
      await checkedMessage(c, second.ID);
      assert.deepEqual((await ev.next((f) => f.Type === 'update', from)).Data, { ID: second.ID, Read: true });

      from = ev.frames.length;
      const del = await fetch(`${c.httpUrl}/api/v1/messages`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ IDs: [second.ID] }) });
      assert.equal(await del.text(), 'ok');
      assert.deepEqual((await ev.next((f) => f.Type === 'delete', from)).Data, { ID: second.ID });

      from = ev.frames.length;
      assert.equal(await (await fetch(`${c.httpUrl}/api/v1/messages`, { method: 'DELETE' })).text(), 'ok');
      const truncate = await ev.next((f) => f.Type === 'truncate', from);
      assert.equal(truncate.Data, null);
      assert.deepEqual((await ev.next((f) => f.Type === 'stats', from)).Data, { Total: 0, Unread: 0, Version: 'v1.30.5-catcher' });
    } finally {
      ev.close();
    }
  }));

test('GET /api/v1/search: to:, from:, subject: (quoted too), free words, after:/before:, negation; ANDed, newest first, paged', () =>
  withCatcher({}, async (c, t) => {
    await t.sendMail({ from: 'alice@example.test', to: 'bob@example.test', subject: 'Quarterly Report', text: 'The numbers are in.' });
    await t.sendMail({ from: 'carol@example.test', to: 'bob@example.test', subject: 'Lunch plans', text: 'Pizza or ramen?' });
    await t.sendMail({ from: 'alice@example.test', to: 'dave@example.test', subject: 'Report draft', text: 'Please review the numbers.' });
    await t.sendMail({ from: 'alice@example.test', to: 'xbob@example.test', subject: 'ワンタイムパスワード発行', text: 'コード：123456' });
    const all = (await checkedList(c)).messages;
    const id = (subject: string) => all.find((m) => m.Subject === subject)!.ID;
    const subjects = async (q: string, extra = '') => (await checkedSearch(c, q, extra)).messages.map((m) => m.Subject);

    assert.deepEqual(await subjects('to:bob@example.test'), ['ワンタイムパスワード発行', 'Lunch plans', 'Quarterly Report'], 'to: is a substring match, newest first');
    assert.deepEqual(await subjects('to:dave@example.test'), ['Report draft']);
    assert.deepEqual(await subjects('from:alice@example.test'), ['ワンタイムパスワード発行', 'Report draft', 'Quarterly Report']);
    assert.deepEqual(await subjects('from:ALICE'), ['ワンタイムパスワード発行', 'Report draft', 'Quarterly Report'], 'case-insensitive');
    assert.deepEqual(await subjects('subject:report'), ['Report draft', 'Quarterly Report']);
    assert.deepEqual(await subjects('subject:"quarterly report"'), ['Quarterly Report']);
    assert.deepEqual(await subjects('subject:ワンタイム'), ['ワンタイムパスワード発行']);
    assert.deepEqual(await subjects('numbers'), ['Report draft', 'Quarterly Report'], 'free words search the body');
    assert.deepEqual(await subjects('PIZZA'), ['Lunch plans']);
    assert.deepEqual(await subjects('carol'), ['Lunch plans'], 'free words search the addresses');
    assert.deepEqual(await subjects('"lunch plans"'), ['Lunch plans'], 'a quoted phrase is one term');
    assert.deepEqual(await subjects('from:alice numbers to:bob'), ['Quarterly Report'], 'terms are ANDed');
    assert.deepEqual(await subjects('report -draft'), ['Quarterly Report'], 'a leading - excludes');
    assert.deepEqual(await subjects('nothing-matches-this'), []);

    const created = Date.parse(all.find((m) => m.Subject === 'Lunch plans')!.Created);
    const iso = (ms: number) => new Date(ms).toISOString();
    assert.deepEqual(await subjects(`to:bob after:${iso(created)}`), ['ワンタイムパスワード発行', 'Lunch plans']);
    assert.deepEqual(await subjects(`to:bob before:${iso(created - 1)}`), ['Quarterly Report']);
    assert.deepEqual(await subjects(`to:bob after:${iso(Date.now() + 60_000)}`), []);
    assert.deepEqual(await subjects(`to:bob before:2000-01-01`), []);

    const page = await checkedSearch(c, 'to:bob', '&start=1&limit=1');
    assert.equal(page.start, 1);
    assert.equal(page.messages_count, 3, 'messages_count counts every match');
    assert.equal(page.messages_unread, 3);
    assert.equal(page.total, 4, 'total counts the mailbox');
    assert.deepEqual(page.messages.map((m) => m.ID), [id('Lunch plans')]);

    await checkedMessage(c, id('Lunch plans'));
    const afterRead = await checkedSearch(c, 'to:bob');
    assert.equal(afterRead.messages_unread, 2);
    assert.deepEqual((await checkedSearch(c, 'is:read')).messages.map((m) => m.Subject), ['Lunch plans']);

    const missing = await fetch(`${c.httpUrl}/api/v1/search?query=`);
    assert.equal(missing.status, 400);
    assert.equal(await missing.text(), 'Error: no search query');
  }));

test('DELETE /api/v1/messages: {"IDs":[...]} deletes those, no body or no IDs deletes all; answers "ok"', () =>
  withCatcher({}, async (c, t) => {
    await sendAll(t, 'del@example.test', ['a', 'b', 'c', 'd']);
    const ids = Object.fromEntries((await checkedList(c)).messages.map((m) => [m.Subject, m.ID]));
    const del = (body?: string) => fetch(`${c.httpUrl}/api/v1/messages`, { method: 'DELETE', ...(body === undefined ? {} : { body, headers: { 'Content-Type': 'application/json' } }) });

    const r = await del(JSON.stringify({ IDs: [ids.b, ids.d, 'unknown-id'] }));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await r.text(), 'ok');
    assert.deepEqual((await checkedList(c)).messages.map((m) => m.Subject), ['c', 'a']);
    assert.equal((await fetch(`${c.httpUrl}/api/v1/message/${ids.b}`)).status, 404);

    assert.equal(await (await del(JSON.stringify({ IDs: [] }))).text(), 'ok');
    assert.equal((await checkedList(c)).total, 0, 'empty IDs delete everything');

    await sendAll(t, 'del@example.test', ['e', 'f']);
    assert.equal(await (await del()).text(), 'ok');
    assert.equal((await checkedList(c)).total, 0, 'no body deletes everything');
    assert.equal((await info(c)).RuntimeStats.MessagesDeleted, 6);
  }));

test('DELETE /api/v1/search?query=... deletes the matches only; answers "ok"', () =>
  withCatcher({}, async (c, t) => {
    await sendPlain(t, 'keep@example.test', 'keep 1');
    await sendPlain(t, 'drop@example.test', 'drop 1');
    await sendPlain(t, 'keep@example.test', 'keep 2');
    await sendPlain(t, 'drop@example.test', 'drop 2');
    const r = await fetch(`${c.httpUrl}/api/v1/search?query=${encodeURIComponent('to:drop@example.test')}`, { method: 'DELETE' });
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'ok');
    assert.deepEqual((await checkedList(c)).messages.map((m) => m.Subject), ['keep 2', 'keep 1']);
    assert.equal((await fetch(`${c.httpUrl}/api/v1/search?query=`, { method: 'DELETE' })).status, 400);
  }));

test('GET /api/v1/message/{ID}: latest, unknown IDs and an empty mailbox answer 404 as text', () =>
  withCatcher({}, async (c, t) => {
    const none = await fetch(`${c.httpUrl}/api/v1/message/latest`);
    assert.equal(none.status, 404);
    assert.equal(await none.text(), 'Message not found');
    await sendAll(t, 'latest@example.test', ['older', 'newer']);
    const latest = await checkedMessage(c, 'latest');
    assert.equal(latest.Subject, 'newer');
    assert.match(latest.ID, MAILPIT_ID);
    const unknown = await fetch(`${c.httpUrl}/api/v1/message/AAAAAAAAAAAAAAAAAAAAAA`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await unknown.text(), '404 page not found');
    assert.equal((await fetch(`${c.httpUrl}/api/v1/message/AAAAAAAAAAAAAAAAAAAAAA/raw`)).status, 404);
    assert.equal((await fetch(`${c.httpUrl}/api/v1/nothing-here`)).status, 404);
  }));

test('GET /api/v1/message/{ID}/raw and /headers: the source as text/plain, the headers as a map of arrays', () =>
  withCatcher({}, async (c, t) => {
    const raw = 'From: Raw Sender <raw@example.test>\r\nTo: raw-to@example.test\r\nSubject: raw source\r\nX-Folded: one\r\n two\r\nX-Twice: 1\r\nX-Twice: 2\r\n\r\nline 1\r\n.line starting with a dot\r\n';
    await sendRaw(t, { from: 'bounce@example.test', to: ['raw-to@example.test', 'hidden@example.test'] }, raw);
    const id = (await checkedList(c)).messages[0].ID;
    const res = await fetch(`${c.httpUrl}/api/v1/message/${id}/raw`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    assert.ok(text.endsWith(raw), `the source as sent, dots unstuffed:\n${text}`);
    // what Mailpit adds on receipt
    assert.match(text, /^Message-ID: <[^>]+@mailpit>\r\n/m);
    assert.match(text, /^Return-Path: <bounce@example.test>\r\n/m);
    assert.match(text, /^Bcc: hidden@example.test\r\n/m);

    const headers = await getJson<Record<string, string[]>>(`${c.httpUrl}/api/v1/message/${id}/headers`);
    assert.deepEqual(headers['X-Folded'], ['one two']);
    assert.deepEqual(headers['X-Twice'], ['1', '2']);
    assert.deepEqual(headers.Subject, ['raw source']);
    assert.deepEqual(Object.keys(headers), [...Object.keys(headers)].sort(), 'keys sorted as Mailpit sends them');
    for (const v of Object.values(headers)) assert.ok(Array.isArray(v) && v.every((x) => typeof x === 'string'));

    const m = await checkedMessage(c, id);
    assert.deepEqual(m.Bcc, [{ Name: '', Address: 'hidden@example.test' }], 'envelope recipients not in the headers become Bcc');
    assert.equal(m.ReturnPath, 'bounce@example.test');
    assert.match(m.MessageID, /@mailpit$/);
    assert.deepEqual(m.From, { Name: 'Raw Sender', Address: 'raw@example.test' });
    assert.equal(m.Text.trimEnd(), 'line 1\n.line starting with a dot');
  }));

test('GET /api/v1/info answers AppInformation with the message and unread totals; /livez and /readyz answer ok', () =>
  withCatcher({}, async (c, t) => {
    const before = await info(c);
    assertShape('AppInformation', before, 'GET /api/v1/info');
    assert.equal(before.Version, 'v1.30.5-catcher');
    assert.equal(before.Messages, 0);
    await sendAll(t, 'info@example.test', ['one', 'two']);
    await checkedMessage(c, 'latest');
    const after = await info(c);
    assertShape('AppInformation', after, 'GET /api/v1/info');
    assert.equal(after.Messages, 2);
    assert.equal(after.Unread, 1);
    assert.equal(after.RuntimeStats.SMTPAccepted, 2);
    for (const path of ['/livez', '/readyz']) {
      const r = await fetch(`${c.httpUrl}${path}`);
      assert.equal(r.status, 200, path);
      assert.equal(await r.text(), 'ok', path);
    }
  }));

test('retention: with maxMessages 5 only the newest 5 are kept (and a `prune` frame is sent)', () =>
  withCatcher({ maxMessages: 5 }, async (c, t) => {
    const ev = await events(c);
    try {
      await sendAll(t, 'keep5@example.test', ['m1', 'm2', 'm3', 'm4', 'm5']);
      assert.equal(ev.frames.filter((f) => f.Type === 'prune').length, 0);
      await sendAll(t, 'keep5@example.test', ['m6', 'm7', 'm8']);
      const l = await checkedList(c);
      assert.equal(l.total, 5);
      assert.deepEqual(l.messages.map((m) => m.Subject), ['m8', 'm7', 'm6', 'm5', 'm4']);
      assert.deepEqual((await checkedSearch(c, 'subject:m1')).messages, []);
      assert.equal((await info(c)).RuntimeStats.MessagesDeleted, 3);
      await ev.next((f) => f.Type === 'prune');
    } finally {
      ev.close();
    }
  }));

test('a malformed message (garbage bytes, broken headers and MIME) is stored as far as it can be read; the catcher keeps answering', () =>
  withCatcher({}, async (c, t) => {
    const garbage = Buffer.concat([
      Buffer.from('Subject: =?UTF-8?B?not base64!!?=\r\nFrom: <<<>>>\r\nTo: broken@example.test, ,,@@\r\nDate: not a date\r\nBroken header line without colon\r\n', 'latin1'),
      Buffer.from('Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!', 'latin1'),
      Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x81, 0x0d, 0x0a, 0xe3, 0x81]),
      Buffer.from('\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="x.bin"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n', 'latin1'),
    ]);
    await sendRaw(t, { from: 'weird@example.test', to: ['broken@example.test'] }, garbage);
    await sendRaw(t, { from: 'weird@example.test', to: ['nothing@example.test'] }, Buffer.from([0x00, 0x01, 0xff, 0x0a, 0x0a, 0xfe]));

    const l = await checkedList(c);
    assert.equal(l.total, 2, 'both are stored');
    const broken = l.messages.find((m) => m.To.some((a) => a.Address === 'broken@example.test'));
    assert.ok(broken, `the broken mail is listed under its To: ${JSON.stringify(l.messages.map((m) => m.To))}`);
    const m = await checkedMessage(c, broken.ID);
    assert.equal(m.Attachments[0]?.FileName, 'x.bin');
    const headless = await checkedMessage(c, l.messages[0].ID);
    assert.deepEqual(headless.To, []);
    assert.deepEqual(headless.Bcc, [{ Name: '', Address: 'nothing@example.test' }]);
    assert.equal(headless.Date, l.messages[0].Created, 'no Date header: the date received');
    assert.equal((await fetch(`${c.httpUrl}/api/v1/message/${broken.ID}/raw`)).status, 200);
    assert.equal((await fetch(`${c.httpUrl}/api/v1/message/${broken.ID}/headers`)).status, 200);

    // and it still works
    await sendPlain(t, 'after@example.test', 'after the garbage');
    assert.equal((await checkedMessage(c, 'latest')).Subject, 'after the garbage');
    assert.equal((await fetch(`${c.httpUrl}/readyz`)).status, 200);
  }));

test('a 5 MB mail is accepted and read whole; a mail over the 30 MB limit is refused', () =>
  withCatcher({}, async (c, t) => {
    const line = `${'0123456789abcdef'.repeat(4)}\n`;
    const text = line.repeat(Math.ceil((5 * 1024 * 1024) / line.length));
    await t.sendMail({ from: 'big@example.test', to: 'big-to@example.test', subject: 'five megabytes', text });
    const s = (await checkedList(c)).messages[0];
    assert.ok(s.Size > 5 * 1024 * 1024, `Size ${s.Size}`);
    const m = await checkedMessage(c, s.ID);
    assert.equal(m.Text.length, text.length);
    assert.equal(m.Text, text);
    const raw = await (await fetch(`${c.httpUrl}/api/v1/message/${s.ID}/raw`)).arrayBuffer();
    assert.equal(raw.byteLength, s.Size);

    const huge = Buffer.concat([Buffer.from('Subject: too big\r\n\r\n'), Buffer.alloc(31 * 1024 * 1024, 'a\r\n')]);
    await assert.rejects(sendRaw(t, { from: 'big@example.test', to: ['big-to@example.test'] }, huge), /size|552/i);
    assert.equal((await checkedList(c)).total, 1);
  }));
