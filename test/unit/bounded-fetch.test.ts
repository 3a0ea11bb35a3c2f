import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, bodySnippet, RequestTimeoutError, readCappedText, withDeadline } from '../../activities/http/bounded-fetch.js';
import { rejectionOf } from '../helpers/thrown-by.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A body that never ends: a small chunk every 10 ms, until the client goes away. */
function trickle(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('[');
  const timer = setInterval(() => res.write('{"id":1},'), 10);
  res.on('close', () => clearInterval(timer));
}

describe('withDeadline', () => {
  it('fires while an endless body is being read', async () => {
    const url = await serve(trickle);
    const started = Date.now();
    const error = await rejectionOf(
      withDeadline(300, new AbortController().signal, async (signal) => readCappedText(await fetch(url, { signal }), 1024 * 1024 * 1024)),
    );
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toBe('no complete answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('stops the body read at once when the caller cancels, with the cancellation reason', async () => {
    const url = await serve(trickle);
    const cancellation = new AbortController();
    const reason = new Error('activity cancelled');
    const reading = withDeadline(60_000, cancellation.signal, async (signal) => {
      const response = await fetch(url, { signal });
      setTimeout(() => cancellation.abort(reason), 100);
      return readCappedText(response, 1024 * 1024 * 1024);
    });
    expect(await rejectionOf(reading)).toBe(reason);
  });

  it('returns what the work gives when it ends in time', async () => {
    const url = await serve((_req, res) => res.end('[]'));
    expect(
      await withDeadline(5_000, new AbortController().signal, async (signal) => readCappedText(await fetch(url, { signal }), 100)),
    ).toBe('[]');
  });
});

describe('readCapped', () => {
  it('stops a gzip bomb at the cap of decoded bytes', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const error = await rejectionOf(fetch(url).then((response) => readCappedText(response, 256 * 1024)));
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as BodyTooLargeError).maxBytes).toBe(256 * 1024);
  });

  it('stops a fast endless body at the cap', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    expect(await rejectionOf(fetch(url).then((response) => readCappedText(response, 1024 * 1024)))).toBeInstanceOf(BodyTooLargeError);
  });

  it('reads a body of exactly the cap', async () => {
    const url = await serve((_req, res) => res.end('x'.repeat(1000)));
    expect((await readCappedText(await fetch(url), 1000)).length).toBe(1000);
  });
});

describe('bodySnippet', () => {
  it('reads only the start of an endless error body and words it like every failure', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(503);
      res.write('down  for\n maintenance ');
      const timer = setInterval(() => res.write('x'.repeat(1024)), 5);
      res.on('close', () => clearInterval(timer));
    });
    const snippet = await bodySnippet(await fetch(url));
    expect(snippet.startsWith('down for maintenance xxx')).toBe(true);
    expect(snippet).toHaveLength(301);
    expect(snippet.endsWith('…')).toBe(true);
  });
});
