import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** Listens on `port` (0 picks a free one) and resolves with the server and the port it got. */
export function listen(app: Express, port: number, host = '127.0.0.1'): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) reject(error);
      else resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
