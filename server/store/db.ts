// The lowdb store: one JSON file written atomically (lowdb's JSONFile writes a temp file and renames it),
// or memory when no file is given. Every change goes through update(), one at a time.

import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Data } from './types.ts';

export function emptyData(): Data {
  return { tenants: [], accounts: [], otps: [] };
}

export class Store {
  private queue: Promise<unknown> = Promise.resolve();
  private constructor(private readonly db: Low<Data>) {}

  static async open(file: string): Promise<Store> {
    const adapter = file ? new JSONFile<Data>(file) : new Memory<Data>();
    const db = new Low<Data>(adapter, emptyData());
    await db.read();
    db.data = { ...emptyData(), ...(db.data ?? {}) };
    return new Store(db);
  }

  /** The current data, for reading. Change it only inside update(). */
  get data(): Data {
    return this.db.data;
  }

  /**
   * Runs `change` on the data and writes it, serialized with every other update.
   * `change` must check everything before it mutates: a throw leaves the data as it was only if
   * nothing was mutated yet.
   */
  update<T>(change: (data: Data) => T): Promise<T> {
    const run = this.queue.then(async () => {
      const result = change(this.db.data);
      await this.db.write();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
