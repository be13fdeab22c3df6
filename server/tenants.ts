// A tenant's own time and phase, and the cutover's "一律ON" applied to its accounts.

import { phaseAt, type Calendar, type Clock, type Phase } from './calendar.ts';
import type { Store } from './store/db.ts';
import type { Account, Tenant } from './store/types.ts';

export class Tenants {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly calendar: Calendar) {}

  get(id: string): Tenant | undefined {
    return this.store.data.tenants.find((t) => t.id === id);
  }

  now(tenant: Tenant): Date {
    return new Date(this.clock.now().getTime() + tenant.clockOffsetMs);
  }

  phase(tenant: Tenant): Phase {
    return phaseAt(this.now(tenant), this.calendar);
  }

  accounts(tenantId: string): Account[] {
    return this.store.data.accounts.filter((a) => a.tenantId === tenantId);
  }

  /** Moves the tenant's clock to `instant` (time keeps running from there). */
  async setClock(tenantId: string, instant: Date): Promise<void> {
    await this.store.update((d) => {
      const t = d.tenants.find((x) => x.id === tenantId);
      if (t) t.clockOffsetMs = instant.getTime() - this.clock.now().getTime();
    });
    await this.settle(tenantId);
  }

  /**
   * Applies what the tenant's date requires: from the cutover every terminal user is MFA ON.
   * Called whenever a tenant's accounts are read for a decision, so it holds however the clock moved.
   */
  async settle(tenantId: string): Promise<void> {
    const tenant = this.get(tenantId);
    if (!tenant || tenant.cutoverAppliedAt || this.phase(tenant) !== 'after') return;
    const at = this.now(tenant).toISOString();
    await this.store.update((d) => {
      const t = d.tenants.find((x) => x.id === tenantId);
      if (!t || t.cutoverAppliedAt) return;
      for (const a of d.accounts) if (a.tenantId === tenantId && a.kind === 'terminal') a.mfa = true;
      t.cutoverAppliedAt = at;
    });
  }
}
