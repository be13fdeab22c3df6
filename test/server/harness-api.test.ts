import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPortal } from './helpers.ts';

const PATHS = ['/__harness/tenants', '/__harness/tenants/demo', '/__harness/tenants/demo/clock', '/__harness/anything'];

test('without HARNESS_API=1 every harness path answers 404', async () => {
  const portal = await startTestPortal({ HARNESS_API: '' });
  try {
    for (const path of PATHS) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const res = await fetch(portal.url + path, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{"accounts":[]}' });
        assert.equal(res.status, 404, `${method} ${path}`);
      }
    }
    assert.equal(portal.store.data.tenants.length, 0, 'nothing was created');
  } finally {
    await portal.close();
  }
});

test('with HARNESS_API=1 a tenant is created at an instant and its clock moves', async () => {
  const portal = await startTestPortal({ HARNESS_API: '1' });
  try {
    const res = await fetch(`${portal.url}/__harness/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ at: '2026-06-20T10:00:00+09:00', accounts: [{ kind: 'terminal', loginId: 'h-1', extension: '20200', password: 'Secret123', mfa: false }] }),
    });
    assert.equal(res.status, 201);
    const t = (await res.json()) as { tenantId: string; phase: string; now: string };
    assert.equal(t.phase, 'window');
    const moved = await fetch(`${portal.url}/__harness/tenants/${t.tenantId}/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ at: '2026-06-29T00:00:00+09:00' }),
    });
    const after = (await moved.json()) as { phase: string; accounts: { mfa: boolean }[] };
    assert.equal(after.phase, 'after');
    assert.equal(after.accounts[0].mfa, true, 'the cutover turned MFA on');
    const bad = await fetch(`${portal.url}/__harness/tenants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accounts: [{ kind: 'x' }] }) });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /accounts\[0\]\.kind/);
  } finally {
    await portal.close();
  }
});
