import type { Request } from 'express';
import { syncIdSchema } from '../contracts/api.js';
import { validate } from './validate.js';

const syncIds = new WeakMap<Request, number>();

/** Marks `req` as a request about sync `syncId`: its access line and the lines logged about it carry `sync_id`. */
export function noteSyncOf(req: Request, syncId: number): void {
  syncIds.set(req, syncId);
}

/** The sync `req` is about, once a route has read it. */
export function syncIdOf(req: Request): number | undefined {
  return syncIds.get(req);
}

/** The sync id of the path (`/v1/syncs/:id/...`), validated (400 naming `sync_id` otherwise) and noted on the request. */
export function syncIdParam(req: Request): number {
  const syncId = validate(syncIdSchema, req.params.id, 'sync_id');
  noteSyncOf(req, syncId);
  return syncId;
}
