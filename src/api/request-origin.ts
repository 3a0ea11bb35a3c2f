import type { Request } from 'express';
import type { ChangeOrigin } from '../temporal/change-origin.js';
import { actorOf } from './api-keys.js';
import { requestIdOf } from './request-log.js';

/** Who sent this request (its API key's name, or anonymous) and its request id, for the audit trail. */
export function originOf(req: Request): ChangeOrigin {
  return { actor: actorOf(req), request_id: requestIdOf(req) ?? null };
}
