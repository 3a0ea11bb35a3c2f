import { setTimeout as sleep } from 'node:timers/promises';
import { type Connection, isGrpcServiceError } from '@temporalio/client';
import type { Logger, SearchAttributeType } from '@temporalio/common';
import { SYNCD_SEARCH_ATTRIBUTES } from './search-attributes.js';

/** What `defineSearchAttributeKey` answers. */
export interface AttributeKey {
  name: string;
  type: SearchAttributeType;
}

/** The type names the temporal CLI, tcld and temporal.yaml write. */
export const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** temporal.api.enums.v1.IndexedValueType, what the operator service speaks. */
const INDEXED_VALUE_TYPES: Record<SearchAttributeType, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

const GRPC = { ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, UNIMPLEMENTED: 12, INVALID_ARGUMENT: 3 } as const;
// What a concurrent add by another worker, or a server still starting, may answer for a while.
const TRANSIENT_CODES = new Set([4, 8, 10, 13, 14]);

/** The three Temporal calls this needs, apart so a test can refuse them as a cloud or a locked-down server does. */
export interface SearchAttributeCalls {
  /** The namespace's custom attributes: name -> IndexedValueType. */
  listCustom(): Promise<Record<string, number>>;
  add(attributes: Record<string, number>): Promise<void>;
  /** Runs a visibility query and discards the result: it fails with INVALID_ARGUMENT while an attribute it names is unknown. */
  query(query: string): Promise<void>;
}

export function searchAttributeCalls(connection: Connection, namespace: string): SearchAttributeCalls {
  return {
    async listCustom() {
      const response = await connection.operatorService.listSearchAttributes({ namespace });
      return { ...response.customAttributes };
    },
    async add(searchAttributes) {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    },
    async query(query) {
      await connection.workflowService.listWorkflowExecutions({ namespace, query, pageSize: 1 });
    },
  };
}

/** Thrown when the namespace lacks syncd's search attributes and syncd may not add them, or holds one with another type. */
export class SearchAttributeSetupError extends Error {}

function grpcCode(error: unknown): number | undefined {
  return isGrpcServiceError(error) ? error.code : undefined;
}

const indexedType = (key: AttributeKey) => INDEXED_VALUE_TYPES[key.type];

function typeNameOf(indexed: number): string {
  const found = (Object.keys(INDEXED_VALUE_TYPES) as SearchAttributeType[]).find((type) => INDEXED_VALUE_TYPES[type] === indexed);
  return found ? CLI_TYPE_NAMES[found] : `type ${indexed}`;
}

/** The commands an operator runs to add `keys`: the temporal CLI's for a self-hosted server, tcld's for Temporal Cloud. */
export function searchAttributeCommands(namespace: string, keys: AttributeKey[]): string[] {
  return [
    ...keys.map(
      (key) => `temporal operator search-attribute create --namespace ${namespace} --name ${key.name} --type ${CLI_TYPE_NAMES[key.type]}`,
    ),
    `tcld namespace search-attributes add --namespace ${namespace} ${keys.map((key) => `--search-attribute ${key.name}=${CLI_TYPE_NAMES[key.type]}`).join(' ')}   (Temporal Cloud)`,
  ];
}

function refused(namespace: string, keys: AttributeKey[], what: string, error: unknown): SearchAttributeSetupError {
  const names = keys.map((key) => key.name).join(', ');
  const reason = error instanceof Error ? error.message : String(error);
  return new SearchAttributeSetupError(
    [
      `Temporal namespace "${namespace}" lacks the search attributes ${names}, and the server refused to ${what} (${reason}).`,
      'Ask an operator of the namespace to add them, then start the worker again:',
      ...searchAttributeCommands(namespace, keys).map((command) => `  ${command}`),
    ].join('\n'),
    { cause: error },
  );
}

/** A query naming every key; it fails with INVALID_ARGUMENT until the server's visibility knows them all. */
function probeQuery(keys: AttributeKey[]): string {
  return keys.map((key) => `${key.name} IS NOT NULL`).join(' AND ');
}

/** Answers whether the server's visibility knows every key, by a query naming them. */
async function queryable(calls: SearchAttributeCalls, keys: AttributeKey[]): Promise<boolean> {
  try {
    await calls.query(probeQuery(keys));
    return true;
  } catch (error) {
    if (grpcCode(error) === GRPC.INVALID_ARGUMENT) return false;
    throw error;
  }
}

export interface EnsureOptions {
  /** How long to wait for attributes added (here or by another worker) to become usable (default 30 s). */
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Makes sure the namespace has `keys` with their types, adding the missing ones, and waits until
 * queries can use them. Safe when several workers start together: an attribute another one added
 * meanwhile (ALREADY_EXISTS) is fine. Answers the names it added.
 */
export async function ensureSearchAttributes(
  calls: SearchAttributeCalls,
  namespace: string,
  keys: AttributeKey[],
  options: EnsureOptions = {},
): Promise<string[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const pollMs = options.pollMs ?? 200;
  const added: string[] = [];
  for (;;) {
    let existing: Record<string, number>;
    try {
      existing = await calls.listCustom();
    } catch (error) {
      const code = grpcCode(error);
      if (code !== GRPC.PERMISSION_DENIED && code !== GRPC.UNIMPLEMENTED) throw error;
      // Some servers (Temporal Cloud with a namespace-scoped key) list through visibility only: a query naming them all tells.
      if (await queryable(calls, keys)) return added;
      throw refused(namespace, keys, 'list or check them', error);
    }
    const wrong = keys.filter((key) => existing[key.name] !== undefined && existing[key.name] !== indexedType(key));
    if (wrong.length > 0) {
      const found = wrong.map((key) => `${key.name} is ${typeNameOf(existing[key.name]!)}, syncd needs ${CLI_TYPE_NAMES[key.type]}`);
      throw new SearchAttributeSetupError(
        `Temporal namespace "${namespace}" has search attributes of other types than syncd writes: ${found.join('; ')}. ` +
          'Use a namespace without them, or remove and re-create them with the right type.',
      );
    }
    const missing = keys.filter((key) => existing[key.name] === undefined);
    if (missing.length === 0 && (await queryable(calls, keys))) return added;
    if (Date.now() > deadline) {
      const names = missing.length > 0 ? missing.map((key) => key.name) : keys.map((key) => key.name);
      throw new SearchAttributeSetupError(
        `search attributes ${names.join(', ')} of namespace "${namespace}" did not become usable in time`,
      );
    }
    if (missing.length > 0) {
      try {
        await calls.add(Object.fromEntries(missing.map((key) => [key.name, indexedType(key)])));
        added.push(...missing.map((key) => key.name));
      } catch (error) {
        const code = grpcCode(error);
        if (code === GRPC.PERMISSION_DENIED || code === GRPC.UNIMPLEMENTED) throw refused(namespace, missing, 'add them', error);
        if (code !== GRPC.ALREADY_EXISTS && !(code !== undefined && TRANSIENT_CODES.has(code))) throw error;
      }
    }
    await sleep(pollMs);
  }
}

/** What a worker runs at start: syncd's own attributes, with a log line when it had to add some. */
export async function ensureSyncdSearchAttributes(connection: Connection, namespace: string, logger: Logger): Promise<void> {
  const added = await ensureSearchAttributes(searchAttributeCalls(connection, namespace), namespace, SYNCD_SEARCH_ATTRIBUTES);
  if (added.length > 0) logger.info(`added the search attributes ${added.join(', ')} to Temporal namespace "${namespace}"`);
}
