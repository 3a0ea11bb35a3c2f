import type Database from 'better-sqlite3';
import type { WebhookDelivery, WebhookDeliveryStatus } from '../../contracts/job.js';
import type { WebhookAttempt } from '../storage.js';

/**
 * The columns `LATEST_DELIVERY_COLUMNS` adds to a jobs query, prefixed so they cannot clash with
 * the job's: all null when the job has no delivery (yet).
 */
export type LatestDeliveryColumns =
  | {
      delivery_id: number;
      delivery_url: string;
      delivery_status: WebhookDeliveryStatus;
      delivery_attempts: number;
      delivery_last_status_code: number | null;
      delivery_last_error: string | null;
      delivery_updated_at: string;
    }
  | {
      delivery_id: null;
      delivery_url: null;
      delivery_status: null;
      delivery_attempts: null;
      delivery_last_status_code: null;
      delivery_last_error: null;
      delivery_updated_at: null;
    };

export const LATEST_DELIVERY_COLUMNS = `delivery.delivery_id AS delivery_id, delivery.url AS delivery_url,
  delivery.status AS delivery_status, delivery.attempts AS delivery_attempts, delivery.last_status_code AS delivery_last_status_code,
  delivery.last_error AS delivery_last_error, delivery.updated_at AS delivery_updated_at`;

/** Joins each row of `jobs` to its newest webhook delivery (one index seek), so a job list is one query. */
export const LATEST_DELIVERY_JOIN = `LEFT JOIN webhook_deliveries AS delivery
  ON delivery.delivery_id = (SELECT max(newest.delivery_id) FROM webhook_deliveries AS newest WHERE newest.job_id = jobs.job_id)`;

export function toLatestDelivery(row: LatestDeliveryColumns): WebhookDelivery | null {
  if (row.delivery_id === null) return null;
  return {
    delivery_id: row.delivery_id,
    url: row.delivery_url,
    status: row.delivery_status,
    attempts: row.delivery_attempts,
    last_status_code: row.delivery_last_status_code,
    last_error: row.delivery_last_error,
    updated_at: row.delivery_updated_at,
  };
}

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
