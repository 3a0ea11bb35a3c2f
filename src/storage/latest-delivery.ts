import type { WebhookDelivery, WebhookDeliveryStatus } from '../contracts/job.js';

// A job read with its newest webhook delivery, in the schema both engines share.

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
