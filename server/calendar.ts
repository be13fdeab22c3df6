// The calendar of the change (SPEC "Calendar") and the injectable clock.
// Every instant inside the portal comes from a Clock; nothing reads the wall clock directly.

export type Phase = 'before' | 'window' | 'after';
export const PHASES: readonly Phase[] = ['before', 'window', 'after'];

export interface Calendar {
  /** 2026-06-15 00:00 JST: email registration is offered to terminal users without an address. */
  registrationOpens: Date;
  /** 2026-06-29 00:00 JST: MFA mandatory, display changes. */
  cutover: Date;
}

export const DEFAULT_CALENDAR: Calendar = {
  registrationOpens: new Date('2026-06-15T00:00:00+09:00'),
  cutover: new Date('2026-06-29T00:00:00+09:00'),
};

export function phaseAt(instant: Date, cal: Calendar = DEFAULT_CALENDAR): Phase {
  if (instant.getTime() >= cal.cutover.getTime()) return 'after';
  if (instant.getTime() >= cal.registrationOpens.getTime()) return 'window';
  return 'before';
}

/** A representative instant of each phase, Japan time, for tests and commands. */
export function instantOf(phase: Phase, cal: Calendar = DEFAULT_CALENDAR): Date {
  const day = 24 * 3600_000;
  if (phase === 'before') return new Date(cal.registrationOpens.getTime() - 7 * day + 10 * 3600_000);
  if (phase === 'window') return new Date(cal.registrationOpens.getTime() + 1 * day + 10 * 3600_000);
  return new Date(cal.cutover.getTime() + 1 * day + 10 * 3600_000);
}

export interface Clock {
  now(): Date;
}

/** The wall clock: used only at the edge (main.ts) as the default source of time. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A tenant's clock: the base clock shifted by an offset, so that a tenant can live on another
 * date while time still runs (the browser's clock is set to the same instant by the harness).
 */
export class OffsetClock implements Clock {
  constructor(private readonly base: Clock, public offsetMs = 0) {}
  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }
  set(instant: Date): void {
    this.offsetMs = instant.getTime() - this.base.now().getTime();
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Japan time as `YYYY/MM/DD HH:mm` (the OTP mail's expiry format). */
export function formatJst(instant: Date): string {
  const j = new Date(instant.getTime() + 9 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${j.getUTCFullYear()}/${p(j.getUTCMonth() + 1)}/${p(j.getUTCDate())} ${p(j.getUTCHours())}:${p(j.getUTCMinutes())}`;
}

/** Parses an instant given on a command line or to the harness API: ISO 8601, or a bare date (JST midnight). */
export function parseInstant(text: string): Date {
  const t = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00+09:00` : t;
  const d = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(t) || Number.isNaN(d.getTime())) {
    throw new Error(`not a date or instant: "${text}" (use 2026-06-29 or 2026-06-29T10:00:00+09:00)`);
  }
  return d;
}
