import { OPERATOR_ACTOR } from '../contracts/sync-health.js';

/**
 * Who asked for a lifecycle change, carried as the update's argument to the activity that applies
 * it, where the audit event is recorded. An update sent without one (the Temporal CLI, histories
 * recorded before origins existed) comes from an operator.
 */
export interface ChangeOrigin {
  /** An API key's name, `anonymous`, `operator` or `policy`. */
  actor: string;
  request_id: string | null;
  /** Why, for a pause by the failure policy. */
  message?: string;
  /** The failed job that made the policy pause: names its webhook delivery, so a retry sends it once. */
  job_id?: number;
}

export const operatorOrigin: ChangeOrigin = { actor: OPERATOR_ACTOR, request_id: null };

/** The origin an update handler received; undefined or null at runtime when the sender gave none. */
export function originOrOperator(origin: ChangeOrigin | null | undefined): ChangeOrigin {
  return origin ?? operatorOrigin;
}
