// The PBX data every new tenant starts with: the notice's example (extension 20200 as on its 内線設定 page,
// the 着信グループ with 子番号 20200, 20201, 20202, 2000, 3000, 4000 in call order), 外線番号 routed to several
// extensions (enough that 外線着信設定 has pages), and one extension for each terminal user's 内線番号.

import { randomUUID } from 'node:crypto';
import type { Account, Data, PbxExtension, PbxGroup, PbxNumber } from '../store/types.ts';

/** 拠点番号 and 端末番号 of a 内線番号 not in the seed: a 5-digit or longer number has a 2-digit 拠点番号 (22001 → 22 + 001), a shorter one 1 digit. */
export function splitExtension(number: string): { site: string; terminal: string } {
  const n = number.length >= 5 ? 2 : 1;
  return { site: number.slice(0, n), terminal: number.slice(n) };
}

function extension(tenantId: string, site: string, terminal: string, more: Partial<PbxExtension> = {}): PbxExtension {
  const number = site + terminal;
  return {
    tenantId,
    number,
    site,
    terminal,
    officeLink: null,
    userId: `U${number}`,
    memo: '',
    deviceType: 'IP電話機',
    siteChannels: '',
    siteMultiDevice: '',
    outgoingNumber: null,
    callerId: null,
    pickup: false,
    absentAction: false,
    forwardTo: '',
    forward: { unconditional: '設定しない', busy: '設定しない', absent: '設定しない', noAnswer: '設定しない' },
    ringSeconds: null,
    voicemailPassword: '',
    restriction: null,
    ipPhoneAddress: '',
    deviceMemo: '',
    ...more,
  };
}

/** The notice's 内線設定 example, extension 20200. */
const NOTICE_EXTENSION: Partial<PbxExtension> = {
  deviceType: 'スマートフォン',
  pickup: false,
  absentAction: true,
  forward: { unconditional: '留守番電話', busy: '設定しない', absent: '留守番電話', noAnswer: '留守番電話' },
  voicemailPassword: '3324',
};

/** Where the seeded 外線番号 0312345600… go, in order (null: not routed yet). */
const ROUTES: readonly (string | null)[] = [
  '20200', '20201', '20200', '2208', '20202', '20200', '2201', '20201', '20200', '20202',
  '2208', '20200', '2000', '20201', '20200', '2201', '20202', '20200', '3000', '2208',
  '20200', '20201', '20202', '20200', '2201', '4000', '20200', '2208', '20201', null,
  '20200', '20202', '2201', '20201', '20200', null,
];
const REP = new Set(['2000', '3000', '4000']);
const VOIP_GW = new Set([3, 27]);

export const SEED_NUMBER_PREFIX = '03123456';

/** The seeded PBX data of a tenant whose terminal users have the extensions of `accounts`. */
export function seedPbxData(tenantId: string, accounts: readonly Account[]): { extensions: PbxExtension[]; groups: PbxGroup[]; numbers: PbxNumber[] } {
  const extensions = [
    extension(tenantId, '20', '200', NOTICE_EXTENSION),
    extension(tenantId, '20', '201', { officeLink: '8120201', deviceType: 'IP電話機', memo: '受付', ringSeconds: 20 }),
    extension(tenantId, '20', '202', { officeLink: '8120202', deviceType: 'ソフトフォン', pickup: true }),
    extension(tenantId, '2', '000', { deviceType: 'IP電話機', memo: '代表（本社）' }),
    extension(tenantId, '3', '000', { deviceType: 'IP電話機', memo: '代表（大阪）' }),
    extension(tenantId, '4', '000', { deviceType: 'IP電話機', memo: '代表（福岡）' }),
    extension(tenantId, '2', '201', { officeLink: '7201', deviceType: 'スマートフォン' }),
    extension(tenantId, '2', '208', { officeLink: '7208', deviceType: 'スマートフォン', forwardTo: '09012345678', forward: { unconditional: '設定しない', busy: '転送', absent: '設定しない', noAnswer: '転送' }, ringSeconds: 15 }),
  ];
  for (const a of accounts) {
    if (a.kind !== 'terminal' || !a.extension || extensions.some((e) => e.number === a.extension)) continue;
    const { site, terminal } = splitExtension(a.extension);
    extensions.push(extension(tenantId, site, terminal));
  }
  const groups: PbxGroup[] = [
    {
      id: randomUUID(), tenantId, no: 1, kind: 'コールピックアップ/コールパーク', name: '',
      rep: { site: null, terminal: null, officeLink: null },
      members: ['20200', '20201', '20202', '2000', '3000', '4000'],
    },
    {
      id: randomUUID(), tenantId, no: 2, kind: '順次呼出', name: '営業部',
      rep: { site: '20', terminal: '300', officeLink: null },
      members: ['20202', '20200', '20201'],
    },
  ];
  const numbers: PbxNumber[] = ROUTES.map((ext, i) => ({
    id: randomUUID(),
    tenantId,
    number: `${SEED_NUMBER_PREFIX}${String(i).padStart(2, '0')}`,
    extension: ext,
    kind: ext && REP.has(ext) ? '代表' : VOIP_GW.has(i) ? 'VoIP-GW' : '個別',
  }));
  return { extensions, groups, numbers };
}

/** Adds the seeded PBX data of a new tenant (inside a store update). */
export function seedPbx(d: Data, tenantId: string, accounts: readonly Account[]): void {
  const { extensions, groups, numbers } = seedPbxData(tenantId, accounts);
  (d.pbxExtensions ??= []).push(...extensions);
  (d.pbxGroups ??= []).push(...groups);
  (d.pbxNumbers ??= []).push(...numbers);
}

/** Removes a tenant's PBX data (inside a store update). */
export function dropPbx(d: Data, tenantId: string): void {
  if (d.pbxExtensions) d.pbxExtensions = d.pbxExtensions.filter((e) => e.tenantId !== tenantId);
  if (d.pbxGroups) d.pbxGroups = d.pbxGroups.filter((g) => g.tenantId !== tenantId);
  if (d.pbxNumbers) d.pbxNumbers = d.pbxNumbers.filter((n) => n.tenantId !== tenantId);
}
