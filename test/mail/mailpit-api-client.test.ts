// mailpit-api's MailpitClient, as the harness uses it, against the embedded catcher.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MailpitClient } from 'mailpit-api';
import { startCatcher, type Catcher } from '../../harness/mail/catcher.ts';
import { assertShape, MAILPIT_ID, transportFor, type Transport } from './support.ts';

let catcher: Catcher;
let smtp: Transport;
let client: MailpitClient;

before(async () => {
  catcher = await startCatcher({ smtpPort: 0, httpPort: 0 });
  smtp = transportFor(catcher.smtpUrl);
  client = new MailpitClient(catcher.httpUrl);
});

after(async () => {
  smtp.close();
  await catcher.close();
});

beforeEach(async () => {
  await client.deleteMessages();
});

const send = (to: string, subject: string, text = `text of ${subject}`) => smtp.sendMail({ from: 'client-test@example.test', to, subject, text });

test('getInfo: AppInformation with the catcher version and the totals', async () => {
  await send('info@example.test', 'one');
  const info = await client.getInfo();
  assertShape('AppInformation', info, 'getInfo()');
  assert.equal(info.Version, 'v1.30.5-catcher');
  assert.equal(info.Messages, 1);
  assert.equal(info.Unread, 1);
});

test('listMessages: newest first, paged with start and limit', async () => {
  for (const s of ['a', 'b', 'c']) await send('list@example.test', s);
  const all = await client.listMessages();
  assertShape('MessagesSummary', all, 'listMessages()');
  assert.deepEqual(all.messages.map((m) => m.Subject), ['c', 'b', 'a']);
  assert.equal(all.total, 3);
  const page = await client.listMessages(1, 1);
  assert.equal(page.start, 1);
  assert.deepEqual(page.messages.map((m) => m.Subject), ['b']);
});

test('searchMessages: a MessagesSummary of the matches', async () => {
  await send('alpha@example.test', 'to alpha');
  await send('beta@example.test', 'to beta');
  const r = await client.searchMessages({ query: 'to:beta@example.test' });
  assertShape('MessagesSummary', r, 'searchMessages()');
  assert.equal(r.messages_count, 1);
  assert.equal(r.messages[0].Subject, 'to beta');
  assert.equal(r.total, 2);
  const paged = await client.searchMessages({ query: 'example.test', start: 1, limit: 1 });
  assert.deepEqual(paged.messages.map((m) => m.Subject), ['to alpha']);
  assert.equal(paged.messages_count, 2);
});

test('getMessageSummary: the latest by default or by ID, a full Message; marks it read', async () => {
  await send('summary@example.test', 'first', 'first body');
  await send('summary@example.test', 'second', 'second body');
  const latest = await client.getMessageSummary();
  assertShape('Message', latest, 'getMessageSummary()');
  assert.equal(latest.Subject, 'second');
  assert.match(latest.ID, MAILPIT_ID);
  const id = (await client.listMessages()).messages.find((m) => m.Subject === 'first')!.ID;
  const first = await client.getMessageSummary(id);
  assert.equal(first.Text.trimEnd(), 'first body');
  assert.deepEqual(first.To, [{ Name: '', Address: 'summary@example.test' }]);
  assert.equal((await client.listMessages()).unread, 0);
  await assert.rejects(client.getMessageSummary('NoSuchIdNoSuchIdNoSuch'), /404/);
});

test('getMessageSource and getMessageHeaders', async () => {
  await send('source@example.test', 'source test', 'source body');
  const src = await client.getMessageSource();
  assert.match(src, /^Subject: source test\r$/m);
  assert.match(src, /source body/);
  const headers = await client.getMessageHeaders();
  assert.deepEqual(headers.Subject, ['source test']);
  assert.deepEqual(headers['Return-Path'], ['<client-test@example.test>']);
});

test('deleteMessages: by IDs, then all', async () => {
  for (const s of ['x', 'y', 'z']) await send('delete@example.test', s);
  const ids = Object.fromEntries((await client.listMessages()).messages.map((m) => [m.Subject, m.ID]));
  assert.equal(await client.deleteMessages({ IDs: [ids.y] }), 'ok');
  assert.deepEqual((await client.listMessages()).messages.map((m) => m.Subject), ['z', 'x']);
  assert.equal(await client.deleteMessages(), 'ok');
  assert.equal((await client.listMessages()).total, 0);
});

test('deleteMessagesBySearch: only the matches', async () => {
  await send('gone@example.test', 'gone');
  await send('stays@example.test', 'stays');
  assert.equal(await client.deleteMessagesBySearch({ query: 'to:gone@example.test' }), 'ok');
  assert.deepEqual((await client.listMessages()).messages.map((m) => m.Subject), ['stays']);
});

test('setReadStatus and renderMessageText', async () => {
  await send('read@example.test', 'read me', 'plain text view');
  assert.equal(await client.setReadStatus({ Read: true }), 'ok');
  assert.equal((await client.listMessages()).unread, 0);
  assert.equal(await client.setReadStatus({ Search: 'to:read@example.test', Read: false }), 'ok');
  assert.equal((await client.listMessages()).unread, 1);
  assert.equal((await client.renderMessageText()).trimEnd(), 'plain text view');
});

test('waitForMessage: finds a mail that arrives while waiting, and times out when none comes', async () => {
  const waiting = client.waitForMessage({ query: 'to:later@example.test' }, { timeout: 5000, interval: 20 });
  await send('later@example.test', 'arrived later');
  const m = await waiting;
  assertShape('Message', m, 'waitForMessage()');
  assert.equal(m.Subject, 'arrived later');
  await assert.rejects(client.waitForMessage({ query: 'to:never@example.test' }, { timeout: 100, interval: 20 }), /Timeout waiting for messages matching query "to:never@example.test"/);
});
