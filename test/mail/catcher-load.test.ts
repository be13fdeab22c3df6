// The catcher under load: 1,000 mails sent at once over several pooled SMTP transports are all stored
// and each is found through the API by its own address, its text intact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCatcher } from '../../harness/mail/catcher.ts';
import { getJson, transportFor } from './support.ts';

const MAILS = 1000;
const TRANSPORTS = 5;

interface List {
  total: number;
  messages_count: number;
  messages: { ID: string; To: { Address: string }[]; Subject: string }[];
}

test(`${MAILS} mails sent concurrently (${TRANSPORTS} pooled transports) are all stored and each is found by its address`, async (t) => {
  const c = await startCatcher({ smtpPort: 0, httpPort: 0, maxMessages: 0 });
  const transports = Array.from({ length: TRANSPORTS }, () => transportFor(c.smtpUrl));
  try {
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: MAILS }, (_, i) =>
        transports[i % TRANSPORTS].sendMail({ from: 'load@example.test', to: `load-${i}@example.test`, subject: `load ${i}`, text: `ワンタイムパスワード：${String(i).padStart(6, '0')}` }),
      ),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    assert.equal(failed.length, 0, `refused: ${failed.slice(0, 3).map((r) => String((r as PromiseRejectedResult).reason)).join('; ')}`);
    t.diagnostic(`${MAILS} mails accepted in ${Date.now() - started} ms`);

    const all = await getJson<List>(`${c.httpUrl}/api/v1/messages?limit=${MAILS + 10}`);
    assert.equal(all.total, MAILS);
    assert.equal(all.messages.length, MAILS);
    assert.equal(new Set(all.messages.map((m) => m.ID)).size, MAILS, 'an ID each');
    assert.deepEqual(new Set(all.messages.map((m) => m.Subject)), new Set(Array.from({ length: MAILS }, (_, i) => `load ${i}`)));

    // each found by its own address, with its own text
    for (let i = 0; i < MAILS; i += 1) {
      const found = await getJson<List>(`${c.httpUrl}/api/v1/search?query=${encodeURIComponent(`to:load-${i}@example.test`)}`);
      assert.equal(found.messages.length, 1, `load-${i}@example.test`);
      if (i % 50 === 0) {
        const m = await getJson<{ Text: string }>(`${c.httpUrl}/api/v1/message/${found.messages[0].ID}`);
        assert.equal(m.Text.trim(), `ワンタイムパスワード：${String(i).padStart(6, '0')}`);
      }
    }
  } finally {
    for (const tr of transports) tr.close();
    await c.close();
  }
});
