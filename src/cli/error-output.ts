import { SyncApiError, SyncRequestError } from '../sdk/errors.js';

/** What went wrong, for stderr: the API's message and each field it names, with a hint where one helps. */
export function errorText(error: unknown, url: string | undefined): string {
  if (error instanceof SyncRequestError) {
    return `error: no answer from the syncd API${url === undefined ? '' : ` at ${url}`}: ${error.message}\n(is it running? set SYNCD_URL or --url)`;
  }
  if (error instanceof SyncApiError) {
    const lines = [`error: ${error.message}`, ...error.details.map((detail) => `  ${detail.field}: ${detail.message}`)];
    if (error.status === 401 || error.status === 403) lines.push('(set SYNCD_API_KEY or --api-key to a key the API accepts for this)');
    lines.push(`(HTTP ${error.status} ${error.code}${error.requestId === undefined ? '' : `, request id ${error.requestId}`})`);
    return lines.join('\n');
  }
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}
