// 内線設定: the tenant's extensions, who may change which, the change form's checks, and the fields of the
// result page (SPEC §2) as one model that the views show as a table (after the cutover) or as lines (before).

import type { Store } from '../store/db.ts';
import type { Account, ForwardAction, PbxExtension } from '../store/types.ts';

export const DEVICE_TYPES = ['スマートフォン', 'IP電話機', 'ソフトフォン'] as const;
export const FORWARD_ACTIONS: readonly ForwardAction[] = ['設定しない', '転送', '留守番電話'];
export const RESTRICTIONS = ['国際発信規制', '有料番号発信規制', '外線発信規制'] as const;
export const FORWARD_CONDITIONS = [
  ['unconditional', '無条件'],
  ['busy', '話中'],
  ['absent', '留守'],
  ['noAnswer', '無応答'],
] as const;
export const RING_MIN = 5;
export const RING_MAX = 60;
export const MEMO_MAX = 64;
export const ADDRESS_MAX = 128;

/** The tenant's extensions, by 内線番号. */
export function extensionsOf(store: Store, tenantId: string): PbxExtension[] {
  return (store.data.pbxExtensions ?? []).filter((e) => e.tenantId === tenantId).sort((a, b) => a.number.localeCompare(b.number, 'en', { numeric: true }));
}

export function findExtension(store: Store, tenantId: string, number: string): PbxExtension | undefined {
  return (store.data.pbxExtensions ?? []).find((e) => e.tenantId === tenantId && e.number === number);
}

/**
 * Who may open an extension's settings: the administrator any extension of its tenant, a terminal user
 * only its own (the extension of its account).
 */
export function mayOpen(account: Account, ext: PbxExtension): boolean {
  if (ext.tenantId !== account.tenantId) return false;
  return account.kind === 'admin' || account.extension === ext.number;
}

/** The extensions a person sees in the list of 内線設定. */
export function visibleExtensions(store: Store, account: Account): PbxExtension[] {
  return extensionsOf(store, account.tenantId).filter((e) => mayOpen(account, e));
}

/** Fields only the administrator changes (端末種別, 外線発信番号, 通知番号, 発信規制); a terminal user sees them read only. */
export const ADMIN_ONLY = ['deviceType', 'outgoingNumber', 'callerId', 'restriction'] as const;

/** What the form sends, as typed (shown again with the messages when refused). */
export interface ExtensionForm {
  memo: string;
  deviceType: string;
  outgoingNumber: string;
  callerId: string;
  pickup: string;
  absentAction: string;
  forwardTo: string;
  unconditional: string;
  busy: string;
  absent: string;
  noAnswer: string;
  ringSeconds: string;
  voicemailPassword: string;
  restriction: string;
  ipPhoneAddress: string;
  deviceMemo: string;
}

export const UNSET = '未設定';

export function formOf(e: PbxExtension): ExtensionForm {
  return {
    memo: e.memo,
    deviceType: e.deviceType,
    outgoingNumber: e.outgoingNumber ?? '',
    callerId: e.callerId ?? '',
    pickup: e.pickup ? 'on' : 'off',
    absentAction: e.absentAction ? '設定' : '設定しない',
    forwardTo: e.forwardTo,
    unconditional: e.forward.unconditional,
    busy: e.forward.busy,
    absent: e.forward.absent,
    noAnswer: e.forward.noAnswer,
    ringSeconds: e.ringSeconds === null ? '' : String(e.ringSeconds),
    voicemailPassword: e.voicemailPassword,
    restriction: e.restriction ?? '',
    ipPhoneAddress: e.ipPhoneAddress,
    deviceMemo: e.deviceMemo,
  };
}

/** Reads the form's fields (missing or repeated fields are empty); a terminal user's admin-only fields keep their values. */
export function readForm(body: unknown, current: PbxExtension, account: Account): ExtensionForm {
  const b = (body ?? {}) as Record<string, unknown>;
  const s = (name: string) => (typeof b[name] === 'string' ? (b[name] as string).trim() : '');
  const form: ExtensionForm = {
    memo: s('memo'),
    deviceType: s('deviceType'),
    outgoingNumber: s('outgoingNumber'),
    callerId: s('callerId'),
    pickup: s('pickup'),
    absentAction: s('absentAction'),
    forwardTo: s('forwardTo'),
    unconditional: s('unconditional'),
    busy: s('busy'),
    absent: s('absent'),
    noAnswer: s('noAnswer'),
    ringSeconds: s('ringSeconds'),
    voicemailPassword: s('voicemailPassword'),
    restriction: s('restriction'),
    ipPhoneAddress: s('ipPhoneAddress'),
    deviceMemo: s('deviceMemo'),
  };
  if (account.kind !== 'admin') {
    const was = formOf(current);
    for (const k of ADMIN_ONLY) form[k] = was[k];
  }
  return form;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks the form; each problem is a message naming the field. `numbers` are the tenant's 外線番号. */
export function validate(form: ExtensionForm, numbers: readonly string[]): { ok: true; value: Omit<PbxExtension, 'tenantId' | 'number' | 'site' | 'terminal' | 'officeLink' | 'userId' | 'siteChannels' | 'siteMultiDevice'> } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const text = (label: string, v: string, max: number) => {
    if (v.length > max) errors.push(`${label}は${max}文字以内で入力してください。`);
    else if (CONTROL.test(v)) errors.push(`${label}に使用できない文字が含まれています。`);
  };
  text('内線番号メモ欄', form.memo, MEMO_MAX);
  if (!(DEVICE_TYPES as readonly string[]).includes(form.deviceType)) errors.push('端末種別を一覧から選んでください。');
  for (const [label, v] of [['外線発信番号', form.outgoingNumber], ['通知番号', form.callerId]] as const) {
    if (v !== '' && !numbers.includes(v)) errors.push(`${label}には、このお客さまの外線番号を選んでください（${v}は登録されていません）。`);
  }
  if (form.pickup !== 'on' && form.pickup !== 'off') errors.push('指定ピックアップはonまたはoffを選んでください。');
  if (form.absentAction !== '設定' && form.absentAction !== '設定しない') errors.push('不在時動作は「設定」または「設定しない」を選んでください。');
  if (form.forwardTo !== '' && !/^\d{2,20}$/.test(form.forwardTo)) errors.push('転送先電話番号は2～20桁の半角数字で入力してください（ハイフンなし）。');
  for (const [key, label] of FORWARD_CONDITIONS) {
    if (!(FORWARD_ACTIONS as readonly string[]).includes(form[key])) errors.push(`転送動作（${label}）は「設定しない」「転送」「留守番電話」から選んでください。`);
  }
  const forwarding = FORWARD_CONDITIONS.filter(([key]) => form[key] === '転送').map(([, label]) => label);
  if (forwarding.length && form.forwardTo === '') errors.push(`転送動作（${forwarding.join('・')}）を「転送」にするときは、転送先電話番号を入力してください。`);
  let ringSeconds: number | null = null;
  if (form.ringSeconds !== '') {
    ringSeconds = /^\d{1,3}$/.test(form.ringSeconds) ? Number(form.ringSeconds) : NaN;
    if (!(ringSeconds >= RING_MIN && ringSeconds <= RING_MAX)) errors.push(`(着信)呼出時間は${RING_MIN}～${RING_MAX}の半角数字（秒）で入力してください。`);
  }
  if (form.voicemailPassword !== '' && !/^\d{4,8}$/.test(form.voicemailPassword)) errors.push('留守番電話パスワードは4～8桁の半角数字で入力してください。');
  if (form.restriction !== '' && !(RESTRICTIONS as readonly string[]).includes(form.restriction)) errors.push('発信規制を一覧から選んでください。');
  text('IP Phone送付先住所', form.ipPhoneAddress, ADDRESS_MAX);
  text('端末メモ', form.deviceMemo, ADDRESS_MAX);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      memo: form.memo,
      deviceType: form.deviceType,
      outgoingNumber: form.outgoingNumber || null,
      callerId: form.callerId || null,
      pickup: form.pickup === 'on',
      absentAction: form.absentAction === '設定',
      forwardTo: form.forwardTo,
      forward: {
        unconditional: form.unconditional as ForwardAction,
        busy: form.busy as ForwardAction,
        absent: form.absent as ForwardAction,
        noAnswer: form.noAnswer as ForwardAction,
      },
      ringSeconds,
      voicemailPassword: form.voicemailPassword,
      restriction: form.restriction || null,
      ipPhoneAddress: form.ipPhoneAddress,
      deviceMemo: form.deviceMemo,
    },
  };
}

export async function saveExtension(store: Store, tenantId: string, number: string, value: Partial<PbxExtension>): Promise<boolean> {
  return store.update((d) => {
    const e = (d.pbxExtensions ?? []).find((x) => x.tenantId === tenantId && x.number === number);
    if (!e) return false;
    Object.assign(e, value, { tenantId, number });
    return true;
  });
}

/** A row of the result page: a label with a value, or a label over more rows. */
export type Field = { label: string; value: string } | { label: string; rows: Field[] };

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '-' : v);

/** The fields of 内線設定's result page, in the notice's order. */
export function resultFields(e: PbxExtension): Field[] {
  return [
    {
      label: '内線番号',
      rows: [
        { label: '拠点番号', value: e.site },
        { label: '端末番号', value: e.terminal },
        { label: 'オフィスリンク内線番号', value: dash(e.officeLink) },
      ],
    },
    { label: 'ユーザID', value: e.userId },
    // The portal never shows a password.
    { label: 'パスワード', value: '********' },
    { label: '内線番号メモ欄', value: dash(e.memo) },
    { label: '端末種別', value: e.deviceType },
    { label: '拠点番号チャネル数', value: dash(e.siteChannels) },
    { label: '拠点番号複数台利用', value: dash(e.siteMultiDevice) },
    { label: '外線発信番号', value: e.outgoingNumber ?? UNSET },
    { label: '通知番号', value: e.callerId ?? UNSET },
    { label: '指定ピックアップ', value: e.pickup ? 'on' : 'off' },
    { label: '不在時動作', value: e.absentAction ? '設定' : '設定しない' },
    {
      label: '転送/留守番電話設定',
      rows: [
        { label: '転送先電話番号', value: dash(e.forwardTo) },
        { label: '転送動作', rows: FORWARD_CONDITIONS.map(([key, label]) => ({ label, value: e.forward[key] })) },
      ],
    },
    { label: '(着信)呼出時間', value: e.ringSeconds === null ? '-' : `${e.ringSeconds}秒` },
    { label: '留守番電話パスワード', value: dash(e.voicemailPassword) },
    { label: '発信規制', value: e.restriction ?? UNSET },
    { label: 'IP Phone送付先住所', value: dash(e.ipPhoneAddress) },
    { label: '端末メモ', value: dash(e.deviceMemo) },
  ];
}
