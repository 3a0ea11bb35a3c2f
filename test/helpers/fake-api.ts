import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

export interface FakeRecord {
  id: number | string;
  [field: string]: unknown;
}

/** Records read a slice at a time; an array is one, and so is a bench's generator of a million. */
export interface RecordSource {
  readonly length: number;
  slice(start: number, end: number): FakeRecord[];
}

export interface LoggedRequest {
  /** When it arrived (ms since epoch). */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/**
 * The external API in tests: a real HTTP server on a free port that serves `records` in the
 * paging style its path names, and can be made slow or made to fail.
 *
 * - /items: the whole array; /wrapped: `{ "data": { "items": [...] } }`
 * - /offset?offset&limit (from `offsetSource` when set), /cursor?cursor (`{ items, next }`), /link?page (Link rel="next")
 * - /page?page&per_page (`{ results }`), /after?after (records with a higher id),
 *   /next-url?start (`{ items, links: { next } }`), /repeat-cursor, /updated-since?since
 * - /status/:code answers that status; /not-json answers text; /object answers an object
 * - /oauth/token issues client-credentials tokens that /oauth/items accepts
 * - hostile ones: /redirect?to (302), /endless (fast, never ends), /trickle (slow, never ends),
 *   /gzip-bomb?mb&encoding (gzip, deflate or br), /deep?levels (one deeply nested record), /big-record?bytes,
 *   /ignores-offset (always the first page), /echo-authorization (a 400 quoting the credentials),
 *   /forever?cursor (`{ items, next }`, a new page after every page, never the last)
 */
export class FakeApi {
  records: FakeRecord[] = [];
  /** When set, /offset serves its pages from this instead of `records`, so a bench never holds them all. */
  offsetSource: RecordSource | null = null;
  pageSize = 3;
  /** Each page waits this long before answering. */
  delayMs = 0;
  readonly requests: LoggedRequest[] = [];
  /** Answer 503 to the requests with these 1-based numbers (counted over the server's life). */
  failingRequests = new Set<number>();
  /** Answer 429 with this Retry-After header to the requests with these 1-based numbers. */
  rateLimitedRequests = new Map<number, string>();
  /** Delay only the requests with these 1-based numbers by this many ms. */
  slowRequests = new Map<number, number>();
  /** When set, data routes answer 401 unless the Authorization header equals it. */
  requiredAuthorization: string | null = null;
  /** When set, data routes answer 401 unless this header or query param carries the value. */
  requiredApiKey: { in: 'header' | 'query'; name: string; value: string } | null = null;
  /** OAuth: client credentials accepted by /oauth/token, and the access tokens currently valid. */
  oauthClient = { id: 'client-1', secret: 'client-secret-1' };
  readonly validTokens = new Set<string>();
  tokensIssued = 0;
  /** When set, the next links of /next-url and /link point at this base (another origin in tests). */
  nextBase: string | null = null;
  private server: Server | undefined;
  private base = '';

  /** Back to plain behaviour with these records: no delays, failures, rate limits or auth checks. */
  reset(records: FakeRecord[]): void {
    this.records = records;
    this.offsetSource = null;
    this.pageSize = 3;
    this.delayMs = 0;
    this.failingRequests = new Set();
    this.rateLimitedRequests = new Map();
    this.slowRequests = new Map();
    this.requiredAuthorization = null;
    this.requiredApiKey = null;
    this.nextBase = null;
  }

  url(pathAndQuery: string): string {
    return `${this.base}${pathAndQuery}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Checks the credentials a test asked for: Authorization header, API key, or an OAuth token. */
  private authorized(req: IncomingMessage, url: URL): boolean {
    const authorization = req.headers.authorization ?? null;
    if (url.pathname.startsWith('/oauth/')) return authorization !== null && this.validTokens.has(authorization.replace(/^Bearer /, ''));
    if (this.requiredAuthorization !== null && authorization !== this.requiredAuthorization) return false;
    const key = this.requiredApiKey;
    if (key === null) return true;
    const given = key.in === 'header' ? req.headers[key.name.toLowerCase()] : url.searchParams.get(key.name);
    return given === key.value;
  }

  /** A client-credentials token endpoint: form-encoded request, tokens valid until revoked. */
  private issueToken(rawBody: string, res: ServerResponse): void {
    const form = new URLSearchParams(rawBody);
    const valid =
      form.get('grant_type') === 'client_credentials' &&
      form.get('client_id') === this.oauthClient.id &&
      form.get('client_secret') === this.oauthClient.secret;
    if (!valid) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_client' }));
      return;
    }
    this.tokensIssued += 1;
    const token = `token-${this.tokensIssued}`;
    this.validTokens.add(token);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 3600 }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const isJson = (req.headers['content-type'] ?? '').includes('json');
    const body: unknown = raw && isJson ? JSON.parse(raw) : raw || undefined;
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ at: Date.now(), method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body });
    const number = this.requests.length;
    if (this.delayMs > 0) await sleep(this.delayMs);
    await sleep(this.slowRequests.get(number) ?? 0);
    if (this.failingRequests.has(number)) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'temporarily unavailable' }));
      return;
    }
    const params = { ...query, ...(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}) };
    const json = (value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    const retryAfter = this.rateLimitedRequests.get(number);
    if (retryAfter !== undefined) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
      res.end(JSON.stringify({ message: 'slow down' }));
      return;
    }
    if (url.pathname === '/oauth/token') return this.issueToken(raw, res);
    if (!this.authorized(req, url)) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'who are you?' }));
      return;
    }
    const statusMatch = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (statusMatch) {
      res.writeHead(Number(statusMatch[1]), { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake failure ${statusMatch[1]}` }));
      return;
    }
    switch (url.pathname) {
      case '/items':
      case '/oauth/items':
        return json(this.records);
      case '/wrapped':
        return json({ data: { items: this.records } });
      case '/object':
        return json({ data: { items: 'not an array' } });
      case '/not-json':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>maintenance</html>');
        return;
      case '/offset': {
        const offset = Number(params.offset ?? 0);
        const limit = Number(params.limit ?? this.pageSize);
        return json((this.offsetSource ?? this.records).slice(offset, offset + limit));
      }
      case '/cursor': {
        const start = params.cursor === undefined ? 0 : Number(params.cursor);
        const items = this.records.slice(start, start + this.pageSize);
        const next = start + this.pageSize < this.records.length ? String(start + this.pageSize) : null;
        return json({ items, next });
      }
      case '/page': {
        const page = Number(params.page ?? 1);
        const size = Number(params.per_page ?? this.pageSize);
        return json({ results: this.records.slice((page - 1) * size, page * size) });
      }
      case '/after': {
        const after = params.after === undefined ? -Infinity : Number(params.after);
        return json(this.records.filter((record) => Number(record.id) > after).slice(0, this.pageSize));
      }
      case '/next-url': {
        const start = Number(params.start ?? 0);
        const more = start + this.pageSize < this.records.length;
        // Like many APIs, the next link repeats the request's other params (an API key too).
        const next = new URLSearchParams({ ...query, start: String(start + this.pageSize) });
        const nextUrl = `${this.nextBase ?? ''}/next-url?${next}`;
        return json({ items: this.records.slice(start, start + this.pageSize), links: { next: more ? nextUrl : null } });
      }
      case '/forever': {
        // Pages that never end, each with a record of its own: only a job deadline stops a sync of it.
        const at = Number(params.cursor ?? 0);
        return json({ items: [{ id: at }], next: String(at + 1) });
      }
      case '/repeat-cursor':
        return json({ items: this.records.slice(0, this.pageSize), next: 'always-the-same' });
      case '/updated-since': {
        const since = params.since === undefined ? '' : String(params.since);
        return json(this.records.filter((record) => String(record.updated_at) > since));
      }
      case '/link': {
        const page = Number(params.page ?? 1);
        const items = this.records.slice((page - 1) * this.pageSize, page * this.pageSize);
        const last = Math.max(1, Math.ceil(this.records.length / this.pageSize));
        const links = [`<${this.base}/link?page=1>; rel="first"`];
        if (page < last) links.push(`<${this.nextBase ?? ''}/link?page=${page + 1}>; rel="next"`);
        links.push(`<${this.base}/link?page=${last}>; rel="last"`);
        return json(items, { link: links.join(', ') });
      }
      default:
        return this.handleHostile(url, res, req.headers.authorization);
    }
  }

  /** Routes that misbehave on purpose: redirects, endless or huge bodies, odd records. */
  private handleHostile(url: URL, res: ServerResponse, authorization: string | undefined): void {
    const number = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
    switch (url.pathname) {
      case '/redirect':
        res.writeHead(302, { location: url.searchParams.get('to') ?? '/items' });
        res.end();
        return;
      case '/endless': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        const chunk = '{"id":1},'.repeat(4096);
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
        return;
      }
      case '/trickle': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        const timer = setInterval(() => res.write('{"id":1},'), 20);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/gzip-bomb': {
        const encoding = url.searchParams.get('encoding') ?? 'gzip';
        const compress = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }[encoding];
        if (compress === undefined) throw new Error(`the fake API has no ${encoding} encoding`);
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
        res.end(compress(Buffer.alloc(number('mb', 4) * 1024 * 1024, ' ')));
        return;
      }
      case '/deep': {
        const levels = number('levels', 100_000);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`[{"id":1},{"id":2,"deep":${'['.repeat(levels)}${']'.repeat(levels)}}]`);
        return;
      }
      case '/big-record':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify([{ id: 1 }, { id: 2, blob: 'x'.repeat(number('bytes', 1024 * 1024)) }]));
        return;
      case '/echo-authorization':
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `rejected credentials: ${authorization}` }));
        return;
      case '/ignores-offset':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.records.slice(0, this.pageSize)));
        return;
      default:
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'no such fake route' }));
    }
  }
}

export function numberedRecords(count: number, version = 1): FakeRecord[] {
  return Array.from({ length: count }, (_, index) => ({ id: index + 1, name: `record ${index + 1}`, version }));
}
