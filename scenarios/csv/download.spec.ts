// CSVダウンロード: the customer's accounts in the account CSV format (Shift_JIS by default, UTF-8 on request),
// cells that a spreadsheet would take for a formula protected, and the round trip: download, edit, upload.

import iconv from 'iconv-lite';
import { test, expect } from '../../harness/fixtures.ts';

test('CSVダウンロード: Shift_JISのファイルを編集してそのまま取り込み直せる', { tag: ['@csv', '@before', '@window', '@after'] }, async ({
  tenants, mailbox, loginPage, topPage, accountsPage, csvImportPage, csvStatusPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true, email: true }, { mfa: true }] });
  const admin = tenant.admin();
  const [registered, unregistered] = [tenant.terminal(0), tenant.terminal(1)];
  const added = mailbox.address('added');
  let file: { name: string; bytes: Buffer } = { name: '', bytes: Buffer.alloc(0) };

  await test.step('ユーザ管理者でログインし、CSV取込の「CSVダウンロード」を押す', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await csvImportPage.open();
    file = await csvImportPage.downloadFile();
  });

  const text = iconv.decode(file.bytes, 'cp932');
  await test.step('ファイルはShift_JISで、見出し行とアカウントの行があり、パスワードは出ていない', async () => {
    expect(file.name).toMatch(/^accounts-\d{8}\.csv$/);
    expect(text.split('\r\n')[0]).toBe('アカウント区分,内線番号,ログインID,パスワード,多要素認証,メールアドレス');
    expect(text).toContain(`端末ユーザ,${registered.extension},${registered.loginId},,ON,${registered.email}\r\n`);
    expect(text).toContain(`端末ユーザ,${unregistered.extension},${unregistered.loginId},,ON,\r\n`);
    expect(text).not.toContain(registered.password);
  });

  await test.step('アドレス未登録の行にアドレスを書き加えて、取り込み直す', async () => {
    const edited = text.replace(`${unregistered.loginId},,ON,\r\n`, `${unregistered.loginId},,ON,${added}\r\n`);
    expect(edited).not.toBe(text);
    await csvImportPage.open();
    await csvImportPage.upload({ name: file.name, bytes: iconv.encode(edited, 'cp932') });
  });

  await test.step('CSV取込ステータス: 端末ユーザの行は「適用」、ユーザ管理者の行は「変更なし」', async () => {
    await csvStatusPage.expectShown();
    await expect(csvStatusPage.notice).toContainText('拒否 0件');
    await csvStatusPage.expectRow(2, { loginId: admin.loginId, result: '変更なし' });
    await csvStatusPage.expectRow(3, { loginId: registered.loginId, result: '適用' });
    await csvStatusPage.expectRow(4, { loginId: unregistered.loginId, result: '適用' });
  });

  await test.step('アカウント管理: 書き加えたアドレスだけが変わっている', async () => {
    await accountsPage.open();
    await accountsPage.expectRow(registered.loginId, { 多要素認証: 'ON', メールアドレス: registered.email! });
    await accountsPage.expectRow(unregistered.loginId, { 多要素認証: 'ON', メールアドレス: added });
  });
});

test('CSVダウンロード: 数式と見なされるセルの先頭に「\'」が付き、UTF-8（BOM付き）も選べる', { tag: ['@csv', '@after'] }, async ({
  tenants, loginPage, topPage, csvImportPage,
}) => {
  const formula = `=HYPERLINK@${Date.now().toString(36)}.example.test`;
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { email: formula }] });
  const admin = tenant.admin();
  const user = tenant.terminal();

  await test.step('ユーザ管理者でログインし、CSV取込を開く', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await csvImportPage.open();
  });

  await test.step('「CSVダウンロード（UTF-8）」: BOM付きUTF-8で、「=」で始まるセルは「\'=」になる', async () => {
    const file = await csvImportPage.downloadFile('utf-8');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.bytes.subarray(3).toString('utf8')).toContain(`${user.loginId},,ON,'${formula}\r\n`);
  });
});
