import type { Pool } from 'pg';

/**
 * A customer deletes one of their monthly reports from the dashboard.
 * @implements monthly-reports.delete
 */
export async function deleteMonthlyReport(db: Pool, customerId: number, month: string): Promise<void> {
  await db.query('DELETE FROM monthly_reports WHERE customer_id = $1 AND month = $2', [customerId, month]);
}

// Turning monthly reports off is done in the database: public.disable_monthly_reports (V9__customer_controls.sql).
