// System settings as Harbor keeps them: key/value strings in the `properties` table. The only code that
// touches that table.
import type { PrismaClient } from '@harbor/db';

export class ConfigRepo {
  constructor(private readonly db: PrismaClient) {}

  /** Every stored key and its text. */
  async all(): Promise<Map<string, string>> {
    const rows = await this.db.properties.findMany({ select: { k: true, v: true } });
    return new Map(rows.map((r) => [r.k, r.v]));
  }

  /** Writes the given keys together: all of them or none. */
  async save(values: ReadonlyMap<string, string>): Promise<void> {
    await this.db.$transaction([...values].map(([k, v]) => this.db.properties.upsert({ where: { k }, create: { k, v }, update: { v } })));
  }
}
