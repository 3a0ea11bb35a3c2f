import type { Queryable } from './connection.js';
import { cursorTable } from './cursor-table.js';
import { jobDefinitionsTable } from './job-definitions-table.js';
import { jobsTable } from './jobs-table.js';
import { recordsTable } from './records-table.js';
import { jobPruner } from './retention.js';
import { syncEventsTable } from './sync-events-table.js';
import { syncsTable } from './syncs-table.js';
import { webhookDeliveriesTable } from './webhook-deliveries-table.js';

/** Every table's queries on one connection: the pool, or the client of a transaction. */
export function tablesOn(db: Queryable) {
  const definitions = jobDefinitionsTable(db);
  return {
    syncs: syncsTable(db),
    cursor: cursorTable(db),
    jobs: jobsTable(db),
    definitions,
    records: recordsTable(db),
    deliveries: webhookDeliveriesTable(db),
    events: syncEventsTable(db),
    pruner: jobPruner(db, definitions),
  };
}

export type Tables = ReturnType<typeof tablesOn>;
