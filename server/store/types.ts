// The shape of the portal's lowdb store.

export type AccountKind = 'terminal' | 'admin';

export interface Account {
  id: string;
  tenantId: string;
  kind: AccountKind;
  loginId: string;
  /** 内線番号 of a terminal user (拠点番号 + 端末番号), null for the administrator. */
  extension: string | null;
  /** scrypt hash, `scrypt$N$r$p$salt$hash` (base64). */
  passwordHash: string;
  mfa: boolean;
  /** The registered address (counted only once its OTP was entered), or null. */
  email: string | null;
  /** Registration offered in the window (shown once to MFA-OFF users without address). */
  registrationOffered: boolean;
  failedLogins: number;
  locked: boolean;
  /** Raised when the administrator sets a new password: sessions begun under an older value end. */
  passwordVersion?: number;
}

export interface Tenant {
  id: string;
  name: string;
  /** Offset of this tenant's clock from the portal's base clock, in ms. */
  clockOffsetMs: number;
  /** Set when the cutover's "一律ON" was applied to this tenant. */
  cutoverAppliedAt: string | null;
  createdAt: string;
  /** Overrides the portal's OTP mail charset for this tenant. */
  mailCharset?: 'utf-8' | 'iso-2022-jp';
}

export interface Data {
  tenants: Tenant[];
  accounts: Account[];
  otps: OtpRecord[];
  /** PBX data of every tenant (server/pbx/): extensions, incoming groups, external numbers. */
  pbxExtensions?: PbxExtension[];
  pbxGroups?: PbxGroup[];
  pbxNumbers?: PbxNumber[];
  /** Account CSV imports (server/csv/import.ts), oldest first. */
  imports?: ImportRecord[];
  [more: string]: unknown;
}

/** One account CSV import into a tenant and the outcome of each of its rows (CSV取込ステータス). */
export interface ImportRecord {
  id: string;
  tenantId: string;
  /** The tenant's instant of the import (ISO 8601). */
  at: string;
  /** ログインID of the administrator who uploaded the file. */
  by: string;
  fileName: string;
  /** The file's encoding as detected ('cp932', 'utf-8', 'utf-8-bom'), null when it could not be read. */
  encoding: string | null;
  phase: 'before' | 'window' | 'after';
  /** A whole-file fault: nothing of the file was applied. */
  fault: { message: string; detail: string } | null;
  counts: { rows: number; applied: number; refused: number; skipped: number };
  rows: ImportRowRecord[];
}

export interface ImportRowRecord {
  line: number;
  loginId: string;
  result: 'applied' | 'refused' | 'skipped';
  /** Why a row was refused or changed nothing (each message names line, column and value); empty when applied. */
  reason: string;
}

export interface OtpRecord {
  accountId: string;
  purpose: 'register' | 'login';
  /** Where the code was sent. */
  email: string;
  /** HMAC-SHA256 of the code with the portal's secret (hex). */
  codeHash: string;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  /** Instants at which codes were sent for this account (for the resend limit). */
  sends: string[];
}

/** 転送動作 of one condition (無条件, 話中, 留守, 無応答). */
export type ForwardAction = '設定しない' | '転送' | '留守番電話';

/** One extension (内線) of a tenant: 内線番号 = 拠点番号 + 端末番号 (20 + 200 = 20200), and the fields of 内線設定. */
export interface PbxExtension {
  tenantId: string;
  /** 内線番号, unique in the tenant. */
  number: string;
  /** 拠点番号 */
  site: string;
  /** 端末番号 */
  terminal: string;
  /** オフィスリンク内線番号 */
  officeLink: string | null;
  /** ユーザID (the extension's SIP user; its password is never shown). */
  userId: string;
  memo: string;
  deviceType: string;
  /** 拠点番号チャネル数, 拠点番号複数台利用 (read only). */
  siteChannels: string;
  siteMultiDevice: string;
  /** 外線発信番号, 通知番号: a 外線番号 of the tenant, or null (未設定). */
  outgoingNumber: string | null;
  callerId: string | null;
  /** 指定ピックアップ */
  pickup: boolean;
  /** 不在時動作: 設定 (true) / 設定しない (false). */
  absentAction: boolean;
  /** 転送先電話番号 */
  forwardTo: string;
  forward: { unconditional: ForwardAction; busy: ForwardAction; absent: ForwardAction; noAnswer: ForwardAction };
  /** (着信)呼出時間 in seconds, or null. */
  ringSeconds: number | null;
  voicemailPassword: string;
  /** 発信規制, or null (未設定). */
  restriction: string | null;
  ipPhoneAddress: string;
  deviceMemo: string;
}

/** An incoming group (着信グループ): 子番号 (members) in call order. */
export interface PbxGroup {
  id: string;
  tenantId: string;
  /** グループ番号, shown in the list. */
  no: number;
  kind: string;
  name: string;
  /** 代表番号: 拠点番号, 端末番号, オフィスリンク内線番号 (null: -). */
  rep: { site: string | null; terminal: string | null; officeLink: string | null };
  /** 内線番号 of the members, in call order. */
  members: string[];
}

/** An external number (外線番号) and where its calls go (外線着信設定). */
export interface PbxNumber {
  id: string;
  tenantId: string;
  number: string;
  /** 内線番号 it rings, or null. */
  extension: string | null;
  /** 着信: 代表/個別/VoIP-GW 区分 */
  kind: '代表' | '個別' | 'VoIP-GW';
}
