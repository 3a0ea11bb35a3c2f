import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  rawBody: string;
  headers: IncomingHttpHeaders;
}

/** A webhook receiver that answers 200 to every POST and keeps each body with its headers. */
export class EventReceiver {
  readonly received: ReceivedPost[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({ rawBody: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** The bodies received whose `event` is `event`, for one sync. */
  events(event: string, syncId: number): ReceivedPost[] {
    return this.received.filter((post) => {
      const body = JSON.parse(post.rawBody) as { event?: string; sync_id?: number };
      return body.event === event && body.sync_id === syncId;
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
