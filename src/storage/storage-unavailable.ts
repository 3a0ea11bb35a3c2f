/** Node's socket errors when a database server cannot be reached or drops the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that is not there to answer: class 08 (connection exception),
 * 57P01-57P03 (shut down by an administrator, crashed, starting up), 53300 (no connection slot left).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** node-postgres says these in words, without a code. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /not queryable/,
  /^Cannot use a pool after calling end on the pool$/,
];

function unavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (error instanceof AggregateError && error.errors.some(unavailable)) return true;
  return DRIVER_MESSAGES.some((pattern) => pattern.test(error.message));
}

/**
 * Whether an error, or one of its causes, says the database could not be reached or went away
 * (rather than that a query was wrong): the API answers such errors 503, safe to retry.
 */
export function isStorageUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && depth < 10; depth += 1) {
    if (unavailable(current)) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
