// A cookie-keeping HTTP client for integration tests: reads the CSRF token from the last page and posts forms.

export class FormClient {
  cookies = new Map<string, string>();
  lastHtml = '';
  constructor(readonly base: string) {}

  get sessionId(): string | undefined {
    return this.cookies.get('spbx.sid');
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' });
    this.keep(res);
    if ((res.headers.get('content-type') ?? '').includes('html')) this.lastHtml = await res.clone().text();
    return res;
  }

  /** The CSRF token of the last page seen. */
  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!m) throw new Error('no CSRF token on the last page');
    return m[1];
  }

  async post(path: string, fields: Record<string, string>, { csrf = true } = {}): Promise<Response> {
    const body = new URLSearchParams({ ...(csrf ? { _csrf: this.csrf() } : {}), ...fields });
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body,
      redirect: 'manual',
    });
    this.keep(res);
    if ((res.headers.get('content-type') ?? '').includes('html')) this.lastHtml = await res.clone().text();
    return res;
  }

  /** Follows a 303 answer with a GET, as a browser does. */
  async follow(res: Response): Promise<Response> {
    const to = res.headers.get('location');
    if (res.status !== 303 || !to) return res;
    return this.get(to);
  }

  async login(loginId: string, password: string): Promise<Response> {
    await this.get('/login');
    return this.post('/login', { loginId, password });
  }
}
