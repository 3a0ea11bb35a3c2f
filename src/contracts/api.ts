import { z } from 'zod';
import { SYNC_ACTIONS, SYNC_STATUSES } from './sync.js';

export const syncIdSchema = z.coerce.number({ error: 'must be a positive integer' }).int('must be a positive integer').positive('must be a positive integer');

/** Body of `PUT /v1/syncs`: `{"action": "pause", "sync_id": 123}`. */
export const syncActionSchema = z.strictObject({
  action: z.enum(SYNC_ACTIONS, { error: `must be one of ${SYNC_ACTIONS.join(', ')}` }),
  sync_id: z.number({ error: 'must be a positive integer' }).int('must be a positive integer').positive('must be a positive integer'),
});

const limit = z.coerce.number().int().min(1).max(100).default(20);
const cursor = z.string().min(1).max(200).optional();

export const listSyncsQuerySchema = z.strictObject({
  status: z.enum(SYNC_STATUSES).optional(),
  limit,
  cursor,
});
export type ListSyncsQuery = z.output<typeof listSyncsQuerySchema>;

export const pageQuerySchema = z.strictObject({ limit, cursor });
export type PageQuery = z.output<typeof pageQuerySchema>;
