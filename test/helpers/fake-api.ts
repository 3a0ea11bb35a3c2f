import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FakeRecord {
  id: number | string;
  [field: string]: unknown;
}

export interface LoggedRequest {
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
 * - /offset?offset&limit, /cursor?cursor (`{ items, next }`), /link?page (Link rel="next")
 * - /status/:code answers that status; /not-json answers text; /object answers an object
 */
export class FakeApi {
  records: FakeRecord[] = [];
  pageSize = 3;
  /** Each page waits this long before answering. */
  delayMs = 0;
  readonly requests: LoggedRequest[] = [];
  /** Answer 503 to the requests with these 1-based numbers (counted over the server's life). */
  failingRequests = new Set<number>();
  private server: Server | undefined;
  private base = '';

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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body });
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (this.failingRequests.has(this.requests.length)) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'temporarily unavailable' }));
      return;
    }
    const params = { ...query, ...(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}) };
    const json = (value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    const statusMatch = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (statusMatch) {
      res.writeHead(Number(statusMatch[1]), { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake failure ${statusMatch[1]}` }));
      return;
    }
    switch (url.pathname) {
      case '/items':
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
        return json(this.records.slice(offset, offset + limit));
      }
      case '/cursor': {
        const start = params.cursor === undefined ? 0 : Number(params.cursor);
        const items = this.records.slice(start, start + this.pageSize);
        const next = start + this.pageSize < this.records.length ? String(start + this.pageSize) : null;
        return json({ items, next });
      }
      case '/link': {
        const page = Number(params.page ?? 1);
        const items = this.records.slice((page - 1) * this.pageSize, page * this.pageSize);
        const last = Math.max(1, Math.ceil(this.records.length / this.pageSize));
        const links = [`<${this.base}/link?page=1>; rel="first"`];
        if (page < last) links.push(`</link?page=${page + 1}>; rel="next"`);
        links.push(`<${this.base}/link?page=${last}>; rel="last"`);
        return json(items, { link: links.join(', ') });
      }
      default:
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'no such fake route' }));
    }
  }
}

export function numberedRecords(count: number, version = 1): FakeRecord[] {
  return Array.from({ length: count }, (_, index) => ({ id: index + 1, name: `record ${index + 1}`, version }));
}
