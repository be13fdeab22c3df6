// Store.update runs one change and its write at a time: started together, each change sees the file
// already written with every change before it, and the file ends with all of them.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../server/store/db.ts';
import type { Data } from '../../server/store/types.ts';

test('concurrent updates are serialized: each change runs after the previous one is on disk, none is lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-serial-'));
  const file = join(dir, 'db.json');
  try {
    const store = await Store.open(file);
    const onDisk = () => {
      try {
        return (JSON.parse(readFileSync(file, 'utf8')) as Data).tenants.map((t) => t.id);
      } catch {
        return [];
      }
    };
    const seen: string[][] = [];
    const N = 100;
    const ids = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        store.update((d) => {
          seen[i] = onDisk();
          d.tenants.push({ id: `t${i}`, name: `t${i}`, clockOffsetMs: 0, cutoverAppliedAt: null, createdAt: new Date(0).toISOString() });
          return `t${i}`;
        }),
      ),
    );
    assert.deepEqual(ids, Array.from({ length: N }, (_, i) => `t${i}`));
    for (let i = 0; i < N; i++) assert.deepEqual(seen[i], ids.slice(0, i), `change ${i} ran with the ${i} changes before it written`);
    assert.deepEqual(onDisk(), ids, 'all on disk, in order');
    // a change that throws leaves the queue working
    await assert.rejects(store.update(() => { throw new Error('refused'); }), /refused/);
    await store.update((d) => void d.tenants.pop());
    assert.equal(onDisk().length, N - 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
