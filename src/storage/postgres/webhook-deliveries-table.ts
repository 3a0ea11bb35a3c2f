import type { WebhookAttempt } from '../storage.js';
import type { Queryable } from './connection.js';

/** The webhook_deliveries table: one row per webhook a finished job sends, with its attempts. */
export function webhookDeliveriesTable(db: Queryable) {
  return {
    /** The new delivery's id; null when the job does not exist (inserted through the job row, so no foreign key fails). */
    async insert(jobId: number, url: string, at: string): Promise<number | null> {
      const { rows } = await db.query<{ delivery_id: number }>(
        `INSERT INTO webhook_deliveries (job_id, url, status, created_at, updated_at)
         SELECT job_id, $1, 'pending', $2, $2 FROM jobs WHERE job_id = $3 RETURNING delivery_id`,
        [url, at, jobId],
      );
      return rows[0]?.delivery_id ?? null;
    },

    async recordAttempt(deliveryId: number, attempt: WebhookAttempt, at: string): Promise<void> {
      await db.query(
        `UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_status_code = $2, last_error = $3, updated_at = $4
         WHERE delivery_id = $5`,
        [attempt.status, attempt.statusCode, attempt.error, at, deliveryId],
      );
    },
  };
}
