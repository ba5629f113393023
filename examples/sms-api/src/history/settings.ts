import type { Pool } from 'pg';
import { HISTORY } from '../config/retention.js';

export class HistorySettingsService {
  constructor(private readonly db: Pool) {}

  /**
   * The customer chooses how many days their traffic history is kept (at most HISTORY.maxDays).
   * @implements traffic-history.configure
   */
  async setRetentionDays(customerId: number, days: number): Promise<void> {
    if (!Number.isInteger(days) || days < 0 || days > HISTORY.maxDays) {
      throw new RangeError(`retention must be 0–${HISTORY.maxDays} days`);
    }
    await this.db.query(
      `INSERT INTO history_settings (customer_id, retention_days) VALUES ($1, $2)
       ON CONFLICT (customer_id) DO UPDATE SET retention_days = EXCLUDED.retention_days`,
      [customerId, days],
    );
  }

  /**
   * Turns the traffic history off: nothing more is stored, and what is stored is deleted.
   * @implements traffic-history.disable
   */
  async disable(customerId: number): Promise<void> {
    await this.db.query(
      `INSERT INTO history_settings (customer_id, enabled) VALUES ($1, false)
       ON CONFLICT (customer_id) DO UPDATE SET enabled = false`,
      [customerId],
    );
    await this.db.query('DELETE FROM message_history WHERE customer_id = $1', [customerId]);
  }

  async get(customerId: number): Promise<{ retentionDays: number; enabled: boolean }> {
    const { rows } = await this.db.query('SELECT retention_days, enabled FROM history_settings WHERE customer_id = $1', [customerId]);
    return rows[0] ? { retentionDays: rows[0].retention_days, enabled: rows[0].enabled } : { retentionDays: HISTORY.defaultDays, enabled: true };
  }
}
