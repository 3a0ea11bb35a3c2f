/** The URL with its password, if any, replaced by `***`: for every message and log line that names the database. */
export function maskPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password === '') return url;
  parsed.password = '***';
  return parsed.toString();
}

/**
 * The connection string node-postgres gets: the URL's own `sslmode=` wins; otherwise PGSSLMODE,
 * when set, is added to it, so node-postgres applies either the same way.
 */
export function withSslMode(url: string, sslMode: string | undefined): string {
  const parsed = new URL(url);
  if (sslMode === undefined || parsed.searchParams.has('sslmode')) return url;
  parsed.searchParams.set('sslmode', sslMode);
  return parsed.toString();
}
