// アカウント一括設定CSV (アカウント管理 → CSV取込): the rules by the customer's phase (多要素認証 OFF taken before
// the cutover, refused row by row after it), a Shift_JIS file with Japanese names, a broken file that
// applies nothing, and the outcome of each row on CSV取込ステータス.

import iconv from 'iconv-lite';
import { test, expect } from '../../harness/fixtures.ts';
import { accountCsv } from '../../harness/csv/files.ts';

test('6月29日より前: CSVで多要素認証をOFFにでき、各行の結果がCSV取込ステータスに「適用」と出る', { tag: ['@csv', '@before', '@window'] }, async ({
  tenants, loginPage, topPage, accountsPage, csvImportPage, csvStatusPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true }, { mfa: true }] });
  const admin = tenant.admin();
  const [first, second] = [tenant.terminal(0), tenant.terminal(1)];

  await test.step('ユーザ管理者でログインし、アカウント管理の「CSV取込」を開く', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await csvImportPage.open();
  });

  await test.step('1人目を多要素認証OFF、2人目をONにするCSVを取り込む', async () => {
    await csvImportPage.upload({
      name: 'mfa.csv',
      bytes: accountCsv([
        { extension: first.extension!, loginId: first.loginId, mfa: 'OFF' },
        { extension: second.extension!, loginId: second.loginId, mfa: 'ON' },
      ]),
    });
  });

  await test.step('CSV取込ステータスに、2行とも「適用」と出る', async () => {
    await csvStatusPage.expectShown();
    await expect(csvStatusPage.notice).toContainText('「mfa.csv」を取り込みました（2行: 適用 2件、拒否 0件、変更なし 0件）');
    await expect(csvStatusPage.latestRows).toHaveCount(2);
    await csvStatusPage.expectRow(2, { loginId: first.loginId, result: '適用', reason: '' });
    await csvStatusPage.expectRow(3, { loginId: second.loginId, result: '適用', reason: '' });
  });

  await test.step('アカウント管理で、1人目の多要素認証がOFFになっている', async () => {
    await accountsPage.open();
    await accountsPage.expectRow(first.loginId, { 多要素認証: 'OFF' });
    await accountsPage.expectRow(second.loginId, { 多要素認証: 'ON' });
  });
});

test('6月29日以降: 端末ユーザの多要素認証OFFはその行だけ拒否され（行・列・値を表示）、ほかの行は適用される', { tag: ['@csv', '@after'] }, async ({
  tenants, mailbox, loginPage, topPage, accountsPage, csvImportPage, csvStatusPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { email: true }, {}, { email: true }] });
  const admin = tenant.admin();
  const [refused, applied, moved] = [0, 1, 2].map((n) => tenant.terminal(n));
  const appliedAddress = mailbox.address('applied');
  const movedAddress = mailbox.address('moved');

  await test.step('ユーザ管理者でログインし、CSV取込を開く', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await csvImportPage.open();
  });

  await test.step('1行目はOFFとアドレス変更、2行目はONとアドレス登録、3行目はアドレス変更のCSVを取り込む', async () => {
    await csvImportPage.upload({
      name: 'after.csv',
      bytes: accountCsv([
        { extension: refused.extension!, loginId: refused.loginId, mfa: 'OFF', email: mailbox.address('never') },
        { extension: applied.extension!, loginId: applied.loginId, mfa: 'ON', email: appliedAddress },
        { extension: moved.extension!, loginId: moved.loginId, email: movedAddress },
      ]),
    });
  });

  await test.step('CSV取込ステータス: 2行目は「拒否」で、行・列・値と理由が出る', async () => {
    await csvStatusPage.expectShown();
    await expect(csvStatusPage.notice).toContainText('適用 2件、拒否 1件');
    await csvStatusPage.expectRow(2, {
      loginId: refused.loginId,
      result: '拒否',
      reason: '2行目 多要素認証「OFF」: 2026年6月29日以降、端末ユーザの多要素認証はOFFにできません。',
    });
  });

  await test.step('ほかの行は「適用」', async () => {
    await csvStatusPage.expectRow(3, { loginId: applied.loginId, result: '適用' });
    await csvStatusPage.expectRow(4, { loginId: moved.loginId, result: '適用' });
  });

  await test.step('アカウント管理: 拒否された行は何も変わらず、ほかの行のアドレスが変わり、全員ON', async () => {
    await accountsPage.open();
    await accountsPage.expectRow(refused.loginId, { 多要素認証: 'ON', メールアドレス: refused.email! });
    await accountsPage.expectRow(applied.loginId, { 多要素認証: 'ON', メールアドレス: appliedAddress });
    await accountsPage.expectRow(moved.loginId, { 多要素認証: 'ON', メールアドレス: movedAddress });
  });
});

test('Shift_JIS（CP932）で保存した日本語名のCSVファイルを取り込める', { tag: ['@csv', '@before', '@window', '@after'] }, async ({
  tenants, mailbox, loginPage, topPage, accountsPage, csvImportPage, csvStatusPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true }, { mfa: true }] });
  const admin = tenant.admin();
  const [first, second] = [tenant.terminal(0), tenant.terminal(1)];
  const address = mailbox.address('sjis');
  const fileName = '端末ユーザ一括設定_営業部.csv';
  // As Excel writes it: Shift_JIS, CRLF, the Japanese header and values.
  const text = [
    'アカウント区分,内線番号,ログインID,パスワード,多要素認証,メールアドレス',
    `端末ユーザ,${first.extension},${first.loginId},,ON,${address}`,
    `ユーザ管理者,,${admin.loginId},,,`,
    `端末ユーザ,${second.extension},${second.loginId},,,`,
    '',
  ].join('\r\n');
  const bytes = iconv.encode(text, 'cp932');

  await test.step('ユーザ管理者でログインし、CSV取込を開く', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await csvImportPage.open();
  });

  await test.step(`「${fileName}」（Shift_JIS）を取り込む`, async () => {
    expect(bytes.includes(Buffer.from('端末ユーザ', 'utf8')), 'the file is not UTF-8').toBe(false);
    await csvImportPage.upload({ name: fileName, bytes });
  });

  await test.step('CSV取込ステータスにファイル名と文字コード「Shift_JIS (CP932)」が出る', async () => {
    await csvStatusPage.expectShown();
    await expect(csvStatusPage.fact('ファイル名')).toHaveText(fileName);
    await expect(csvStatusPage.fact('文字コード')).toHaveText('Shift_JIS (CP932)');
  });

  await test.step('端末ユーザの行は「適用」、ユーザ管理者の行と変更のない行は「変更なし」', async () => {
    await csvStatusPage.expectRow(2, { loginId: first.loginId, result: '適用' });
    await csvStatusPage.expectRow(3, { loginId: admin.loginId, result: '変更なし', reason: /ユーザ管理者の行は取り込みでは変更しません。/ });
    await csvStatusPage.expectRow(4, { loginId: second.loginId, result: '変更なし', reason: /変更する項目がありません/ });
  });

  await test.step('アカウント管理でアドレスが登録されている', async () => {
    await accountsPage.open();
    await accountsPage.expectRow(first.loginId, { メールアドレス: address });
  });
});

test('見出し行のないファイルやCSVでないファイルは、理由が表示され、どの行も取り込まれない', { tag: ['@csv', '@before', '@after'] }, async ({
  tenants, mailbox, loginPage, topPage, accountsPage, csvImportPage, csvStatusPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true }] });
  const admin = tenant.admin();
  const user = tenant.terminal(0);
  const row = `端末ユーザ,${user.extension},${user.loginId},,ON,${mailbox.address('never')}`;

  await test.step('ユーザ管理者でログインし、CSV取込を開く', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await csvImportPage.open();
  });

  await test.step('見出し行のないファイル: 「見出し行がありません。」と出て、同じ画面のまま', async () => {
    await csvImportPage.upload({ name: 'no-header.csv', bytes: iconv.encode(`${row}\r\n`, 'cp932') });
    await expect(csvImportPage.error).toContainText('見出し行がありません。1行目に「アカウント区分,内線番号,ログインID,パスワード,多要素認証,メールアドレス」を入れてください。');
    await expect(csvImportPage.error).toContainText('ファイルは取り込まれていません（どの行も変更されていません）。');
    await csvImportPage.expectShown();
  });

  await test.step('見出しの違うファイル: 何列目が違うかが出る', async () => {
    await csvImportPage.upload({ name: 'header.csv', bytes: iconv.encode(`区分,内線番号,ログインID,パスワード,多要素認証,メールアドレス\r\n${row}\r\n`, 'cp932') });
    await expect(csvImportPage.error).toContainText('1行目の見出し行が正しくありません。');
    await expect(csvImportPage.error).toContainText('1列目は「アカウント区分」のはずですが「区分」です');
  });

  await test.step('CSVでないファイル（画像）: 文字として読めないと出る', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63fcffff3f0005fe02fea7d6a4b20000000049454e44ae426082', 'hex');
    await csvImportPage.upload({ name: 'photo.csv', bytes: png, mimeType: 'image/png' });
    await expect(csvImportPage.error).toContainText(/CSVファイルではありません|ファイルの文字コードを読み取れません/);
  });

  await test.step('空のファイル: 「ファイルが空です。」', async () => {
    await csvImportPage.upload({ name: 'empty.csv', bytes: Buffer.alloc(0) });
    await expect(csvImportPage.error).toContainText('ファイルが空です。');
  });

  await test.step('アカウント管理: 何も変わっていない', async () => {
    await accountsPage.open();
    await accountsPage.expectRow(user.loginId, { 多要素認証: 'ON', メールアドレス: '-' });
  });

  await test.step('CSV取込ステータスには「ファイルエラー（取り込まれていません）」と出る', async () => {
    await csvStatusPage.open();
    await expect(csvStatusPage.fact('結果')).toHaveText('ファイルエラー（取り込まれていません）');
  });
});
