// アカウント一括設定CSV for the ユーザ管理者 (mounted behind requireLogin(…, 'admin') at /accounts/csv):
// CSV取込 (upload), CSV取込ステータス (each import's rows) and the download of the tenant's accounts.
//
// The upload is multipart: multer reads it into memory (at most MAX_UPLOAD_MB), then the CSRF token of the
// form is checked, then the file is imported (server/csv/import.ts). A whole-file fault shows one message on
// the same screen and applies nothing; otherwise the status page shows the outcome of every row.

import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { csrfCheck, csrfToken, type Who } from '../auth/session.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import type { Tenants } from '../tenants.ts';
import type { Frame } from '../accounts/views.ts';
import { byExtension } from '../accounts/service.ts';
import type { Html } from '../views/html.ts';
import { exportAccountsCsv } from './export.ts';
import { FILE_TEXT } from './format.ts';
import { importAccountsCsv, importsOf } from './import.ts';
import { CSV_MSG, FILE_FIELD, STATUS_PATH, statusView, uploadView } from './views.ts';

declare module 'express-session' {
  interface SessionData {
    /** The summary of the last import, shown once on CSV取込ステータス. */
    csvNotice: string[];
  }
}

export interface CsvDeps {
  store: Store;
  tenants: Tenants;
  config: Config;
}

/** The file name the browser sent, kept printable and short (it is shown on the status page). */
function cleanName(name: string | undefined): string {
  const n = (name ?? '').replace(/[\x00-\x1f\x7f]/g, '').trim();
  if (!n) return '（名前なし）';
  return n.length > 100 ? `${n.slice(0, 100)}…` : n;
}

export function csvRouter({ store, tenants, config }: CsvDeps): Router {
  const r = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: config.maxUploadBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    defParamCharset: 'utf8',
  }).single(FILE_FIELD);

  const who = (res: Response) => res.locals.who as Who;
  const frame = (req: Request, res: Response, extra: Partial<Frame> = {}): Frame => {
    const { tenant, account } = who(res);
    return { account, phase: tenants.phase(tenant), csrf: csrfToken(req), ...extra };
  };
  const send = (res: Response, body: Html, status = 200) => res.status(status).set('Cache-Control', 'no-store').type('html').send(body.toString());
  const uploadForm = (req: Request, res: Response, errors: string[] = [], status = 200) =>
    send(res, uploadView(frame(req, res, { errors }), config.maxUploadBytes), status);

  r.get('/', (req, res) => uploadForm(req, res));

  /** multer, with its refusals shown on the upload screen (nothing is applied). */
  const readUpload = (req: Request, res: Response, next: NextFunction) =>
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return uploadForm(req, res, [FILE_TEXT.tooLarge(config.maxUploadBytes)], 413);
        return uploadForm(req, res, [CSV_MSG.oneFile], 400);
      }
      next(err);
    });

  r.post('/', readUpload, csrfCheck, async (req, res) => {
    const { tenant, account } = who(res);
    const file = req.file;
    if (!file) return uploadForm(req, res, [CSV_MSG.noFile], 400);
    const result = await importAccountsCsv(
      { store, tenants, scryptN: config.scryptN, maxBytes: config.maxUploadBytes },
      tenant.id,
      account.loginId,
      { name: cleanName(file.originalname), bytes: file.buffer },
    );
    if (!result.ok) return uploadForm(req, res, [`${result.error.message}（${result.error.detail}）`], 400);
    req.session.csvNotice = [CSV_MSG.imported(result.record)];
    res.redirect(303, STATUS_PATH);
  });

  r.get('/status', (req, res) => {
    const { tenant } = who(res);
    const notices = req.session.csvNotice ?? [];
    req.session.csvNotice = undefined;
    send(res, statusView(frame(req, res, { notices }), importsOf(store.data, tenant.id)));
  });

  r.get('/download', async (req, res) => {
    const { tenant } = who(res);
    await tenants.settle(tenant.id);
    const utf8 = req.query.encoding === 'utf-8';
    const mine = tenants.accounts(tenant.id);
    const accounts = [...mine.filter((a) => a.kind === 'admin').sort(byExtension), ...mine.filter((a) => a.kind === 'terminal').sort(byExtension)];
    let bytes: Buffer;
    try {
      bytes = exportAccountsCsv(accounts, { encoding: utf8 ? 'utf-8-bom' : 'cp932' });
    } catch {
      return uploadForm(req, res, [CSV_MSG.notCp932], 409);
    }
    // The tenant's day in Japan time: accounts-20260630.csv
    const day = new Date(tenants.now(tenant).getTime() + 9 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
    res
      .status(200)
      .set('Cache-Control', 'no-store')
      .set('Content-Type', utf8 ? 'text/csv; charset=utf-8' : 'text/csv; charset=Shift_JIS')
      .set('Content-Disposition', `attachment; filename="accounts-${day}${utf8 ? '-utf8' : ''}.csv"`)
      .send(bytes);
  });

  return r;
}
