import type Database from 'better-sqlite3';
import type { WebhookDeliveryStatus } from '../../contracts/job.js';
import type { WebhookAttempt } from '../storage.js';

/** The webhook_deliveries table: one row per webhook a finished job sends, with its attempts. */
export function webhookDeliveriesTable(db: Database.Database) {
  // Through the job row, so a job that is gone inserts nothing instead of failing a foreign key.
  const insert = db.prepare<[string, string, string, number], { delivery_id: number }>(
    `INSERT INTO webhook_deliveries (job_id, url, status, created_at, updated_at)
     SELECT job_id, ?, 'pending', ?, ? FROM jobs WHERE job_id = ? RETURNING delivery_id`,
  );
  const recordAttempt = db.prepare<[WebhookDeliveryStatus, number | null, string | null, string, number]>(
    `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status_code = ?, last_error = ?, updated_at = ?
     WHERE delivery_id = ?`,
  );

  return {
    /** The new delivery's id; null when the job does not exist. */
    insert(jobId: number, url: string, at: string): number | null {
      return insert.get(url, at, at, jobId)?.delivery_id ?? null;
    },

    recordAttempt(deliveryId: number, attempt: WebhookAttempt, at: string): void {
      recordAttempt.run(attempt.status, attempt.statusCode, attempt.error, at, deliveryId);
    },
  };
}
