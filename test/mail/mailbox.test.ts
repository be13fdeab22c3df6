// Mailbox: waits woken by the websocket's `new` events, polling only without them, the filters on the
// address and on `after`, clear time-outs, and expectNoMail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Mailbox } from '../../harness/mail/mailbox.ts';
import { deferred, withCatcher, type Transport } from './support.ts';

/** Counts the searches the mailbox makes; `first` resolves when the first one has answered. */
function spySearches(box: Mailbox) {
  const original = box.client.searchMessages.bind(box.client);
  const spy = { count: 0, first: deferred(), queries: [] as string[] };
  box.client.searchMessages = async (req) => {
    try {
      const r = await original(req);
      spy.count++;
      spy.queries.push(req.query);
      return r;
    } finally {
      spy.first.resolve();
    }
  };
  return spy;
}

const send = (t: Transport, to: string, subject: string) => t.sendMail({ from: 'box@example.test', to, subject, text: `text of ${subject}` });

async function withBox(opts: ConstructorParameters<typeof Mailbox>[1], fn: (box: Mailbox, t: Transport, httpUrl: string) => Promise<void>) {
  await withCatcher({}, async (c, t) => {
    const box = new Mailbox(c.httpUrl, opts);
    try {
      await fn(box, t, c.httpUrl);
    } finally {
      await box.close();
    }
  });
}

test('uniqueAddress: lowercase, from the label, unique per call, in the test domain', () => {
  const a = Mailbox.uniqueAddress('Terminal User 1');
  assert.match(a, /^terminal-user-1-[0-9a-z]+@mail\.example\.test$/);
  assert.match(Mailbox.uniqueAddress('管理者'), /^mail-[0-9a-z]+@mail\.example\.test$/, 'a label without ASCII still gives an address');
  assert.ok(Mailbox.uniqueAddress('x'.repeat(200)).split('@')[0].length <= 64, 'the local part stays within 64 characters');
  const many = new Set(Array.from({ length: 2000 }, () => Mailbox.uniqueAddress('same')));
  assert.equal(many.size, 2000);
});

test('waitForMail is woken by the websocket when the mail arrives after the wait started (no polling)', () =>
  withBox({ pollIntervalMs: 60_000 }, async (box, t) => {
    const to = Mailbox.uniqueAddress('woken');
    const spy = spySearches(box);
    const after = new Date();
    const started = Date.now();
    const waiting = box.waitForMail({ to, after, timeoutMs: 10_000 });
    await spy.first.promise; // the wait has searched once and found nothing
    assert.equal(box.eventsConnected, true);
    await send(t, to, 'sent while waiting');
    const mail = await waiting;
    assert.equal(mail.Subject, 'sent while waiting');
    assert.equal(mail.Text.trimEnd(), 'text of sent while waiting');
    assert.equal(mail.message.ID, mail.ID);
    assert.deepEqual(mail.To, [{ Name: '', Address: to }]);
    assert.equal(spy.count, 2, 'one search before waiting, one when the event came');
    assert.deepEqual(spy.queries, [`to:${to}`, `to:${to}`]);
    assert.ok(Date.now() - started < 5000, 'woken long before the time limit');
  }));

test('waitForMail finds a mail that arrived before the wait, with one search', () =>
  withBox({ pollIntervalMs: 60_000 }, async (box, t) => {
    const to = Mailbox.uniqueAddress('early');
    const after = new Date();
    await send(t, to, 'already there');
    const spy = spySearches(box);
    const mail = await box.waitForMail({ to, after, timeoutMs: 5000 });
    assert.equal(mail.Subject, 'already there');
    assert.equal(spy.count, 1);
  }));

test('waitForMail ignores mails to other addresses (even containing the address) and mails before `after`', () =>
  withBox({ pollIntervalMs: 60_000 }, async (box, t) => {
    const to = Mailbox.uniqueAddress('only me');
    await send(t, to, 'before after');
    const old = (await box.client.searchMessages({ query: `to:${to}` })).messages[0];
    // `after` beyond the 1 s tolerance of the first mail
    const after = new Date(Date.parse(old.Created) + 1001);
    const waiting = box.waitForMail({ to, after, timeoutMs: 10_000 });
    await send(t, `x${to}`, 'to an address containing mine');
    await send(t, Mailbox.uniqueAddress('someone else'), 'to someone else');
    await send(t, to, 'the right one');
    const mail = await waiting;
    assert.equal(mail.Subject, 'the right one');
    assert.ok(Date.parse(mail.Created) >= after.getTime() - 1000);
  }));

test('waitForMail: the first mail after `after`, with the subject asked for', () =>
  withBox({}, async (box, t) => {
    const to = Mailbox.uniqueAddress('subject');
    const after = new Date();
    await send(t, to, 'Welcome');
    await send(t, to, 'Your code 1');
    await send(t, to, 'Your code 2');
    assert.equal((await box.waitForMail({ to, after })).Subject, 'Welcome', 'the first one');
    assert.equal((await box.waitForMail({ to, after, subject: 'code' })).Subject, 'Your code 1');
  }));

test('waitForMail times out with a message naming the address, the time, the limit and the search', () =>
  withBox({}, async (box, t) => {
    const to = Mailbox.uniqueAddress('nobody');
    await send(t, Mailbox.uniqueAddress('other'), 'not for nobody');
    const after = new Date();
    const started = Date.now();
    await assert.rejects(box.waitForMail({ to, after, timeoutMs: 300 }), (e: Error) => {
      assert.match(e.message, new RegExp(`^no mail to ${to.replace(/\./g, '\\.')} after ${after.toISOString().replace(/\./g, '\\.')} within 300 ms \\(searched: to:${to.replace(/\./g, '\\.')} at http://`));
      assert.match(e.message, /0 mail\(s\) to that address; woken by events\)$/);
      return true;
    });
    const took = Date.now() - started;
    assert.ok(took >= 290 && took < 3000, `took ${took} ms`);

    await send(t, to, 'Hello');
    await assert.rejects(box.waitForMail({ to, after, subject: 'Goodbye', timeoutMs: 200 }), /with subject containing "Goodbye" within 200 ms .*1 mail\(s\) to that address, newest: .*"Hello"/);
  }));

test('without /api/events the wait falls back to polling the search', async () => {
  const plain = createServer((_req, res) => {
    res.writeHead(404);
    res.end('404 page not found');
  });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  try {
    const eventsUrl = `ws://127.0.0.1:${(plain.address() as AddressInfo).port}/api/events`;
    await withBox({ pollIntervalMs: 50, eventsUrl }, async (box, t) => {
      const to = Mailbox.uniqueAddress('polled');
      const spy = spySearches(box);
      const waiting = box.waitForMail({ to, after: new Date(), timeoutMs: 10_000 });
      await spy.first.promise;
      assert.equal(box.eventsConnected, false);
      await send(t, to, 'found by polling');
      assert.equal((await waiting).Subject, 'found by polling');
      assert.ok(spy.count >= 2, `searched ${spy.count} times`);
      await assert.rejects(box.waitForMail({ to: Mailbox.uniqueAddress('never'), after: new Date(), timeoutMs: 150 }), /events unavailable, polled\)$/);
    });
  } finally {
    plain.closeAllConnections();
    await new Promise<void>((r) => plain.close(() => r()));
  }
});

test('with events turned off the wait polls', () =>
  withBox({ pollIntervalMs: 50, events: false }, async (box, t) => {
    const to = Mailbox.uniqueAddress('no events');
    const spy = spySearches(box);
    const waiting = box.waitForMail({ to, after: new Date(), timeoutMs: 10_000 });
    await spy.first.promise;
    assert.equal(box.eventsConnected, false);
    await send(t, to, 'polled without events');
    assert.equal((await waiting).Subject, 'polled without events');
    assert.ok(spy.count >= 2);
  }));

test('when the websocket closes during a wait, the wait goes on by polling', async () => {
  // a websocket that never tells anything and is closed mid-wait
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', r));
  const sockets: WebSocket[] = [];
  wss.on('connection', (ws) => sockets.push(ws));
  try {
    const eventsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api/events`;
    await withBox({ pollIntervalMs: 50, eventsUrl }, async (box, t) => {
      const to = Mailbox.uniqueAddress('dropped');
      const spy = spySearches(box);
      const waiting = box.waitForMail({ to, after: new Date(), timeoutMs: 10_000 });
      await spy.first.promise;
      assert.equal(box.eventsConnected, true);
      assert.equal(sockets.length, 1);
      const closed = deferred();
      sockets[0].once('close', () => closed.resolve());
      sockets[0].close();
      await closed.promise;
      await send(t, to, 'found after the socket closed');
      assert.equal((await waiting).Subject, 'found after the socket closed');
    });
  } finally {
    for (const s of sockets) s.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  }
});

test('expectNoMail passes with no mail (or only older mails or other addresses) and fails on a mail after `after`', () =>
  withBox({}, async (box, t) => {
    const to = Mailbox.uniqueAddress('quiet');
    await box.expectNoMail({ to, after: new Date(0) });
    await send(t, to, 'old mail');
    const old = (await box.client.searchMessages({ query: `to:${to}` })).messages[0];
    const after = new Date(Date.parse(old.Created) + 1);
    await send(t, `x${to}`, 'to a longer address');
    await box.expectNoMail({ to, after });
    await assert.rejects(box.expectNoMail({ to, after: new Date(Date.parse(old.Created)) }), new RegExp(`expected no mail to ${to.replace(/\./g, '\\.')} after .*, but found 1: .*"old mail" \\(${old.ID}\\)`));
    await send(t, to, 'new mail');
    await assert.rejects(box.expectNoMail({ to, after }), /but found 1: .*"new mail"/);
  }));

test('messagesTo gives the full messages to an address, newest first; rawMessage their source', () =>
  withBox({}, async (box, t) => {
    const to = Mailbox.uniqueAddress('report');
    await send(t, to, 'first');
    const first = (await box.client.searchMessages({ query: `to:${to}` })).messages[0];
    const start = new Date(Date.parse(first.Created) + 1);
    await send(t, to, 'second');
    await send(t, to, 'third');
    await send(t, Mailbox.uniqueAddress('elsewhere'), 'elsewhere');
    const all = await box.messagesTo(to);
    assert.deepEqual(all.map((m) => m.Subject), ['third', 'second', 'first']);
    assert.equal(all[0].Text.trimEnd(), 'text of third');
    assert.deepEqual((await box.messagesTo(to, start)).map((m) => m.Subject), ['third', 'second']);
    const raw = await box.rawMessage(all[2].ID);
    assert.match(raw, /^Subject: first\r$/m);
    assert.match(raw, new RegExp(`^To: ${to.replace(/\./g, '\\.')}\\r$`, 'm'));
  }));

test('close() ends the websocket', () =>
  withBox({}, async (box, t) => {
    const to = Mailbox.uniqueAddress('closing');
    await send(t, to, 'one');
    await box.waitForMail({ to, after: new Date(0) });
    assert.equal(box.eventsConnected, true);
    await box.close();
    assert.equal(box.eventsConnected, false);
  }));
