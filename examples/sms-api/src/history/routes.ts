import type { Request, Response, Router } from 'express';
import type { Pool } from 'pg';
import { HistorySettingsService } from './settings.js';

/** The traffic-history endpoints of the public API (also used by the dashboard). */
export function historyRoutes(router: Router, db: Pool): void {
  const settings = new HistorySettingsService(db);

  /** Deletes one entry of the caller's traffic history. */
  router.delete('/history/:id', /** @implements traffic-history.delete */ async (req: Request, res: Response) => {
    await db.query('DELETE FROM message_history WHERE id = $1 AND customer_id = $2', [req.params.id, res.locals.customerId]);
    res.status(204).end();
  });

  router.put('/history/settings', async (req: Request, res: Response) => {
    const { retentionDays, enabled } = req.body as { retentionDays?: number; enabled?: boolean };
    if (enabled === false) await settings.disable(res.locals.customerId);
    if (retentionDays !== undefined) await settings.setRetentionDays(res.locals.customerId, retentionDays);
    res.json(await settings.get(res.locals.customerId));
  });
}
