import { connect, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';

export interface TlsProxy {
  address: string;
  /** The subject CN of each client certificate a connection was accepted with. */
  clients: string[];
  /** Why connections were refused during the handshake. */
  refusals: string[];
  stop(): Promise<void>;
}

/**
 * Terminates mutual TLS in front of a plaintext Temporal frontend, as a load balancer in front of a
 * cluster does: `temporal server start-dev` has no TLS options of its own. gRPC rides HTTP/2, so
 * the proxy offers ALPN h2 and passes the bytes through.
 */
export function startTlsProxy(options: { target: string; cert: Buffer; key: Buffer; clientCa: Buffer }): Promise<TlsProxy> {
  const [host, port] = [
    options.target.slice(0, options.target.lastIndexOf(':')),
    Number(options.target.slice(options.target.lastIndexOf(':') + 1)),
  ];
  const sockets = new Set<Socket>();
  const clients: string[] = [];
  const refusals: string[] = [];
  const server = createServer(
    { cert: options.cert, key: options.key, ca: options.clientCa, requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] },
    (secure: TLSSocket) => {
      clients.push(String(secure.getPeerCertificate().subject?.CN));
      const upstream = connect(port, host);
      for (const socket of [secure, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          secure.destroy();
          upstream.destroy();
        });
      }
      secure.pipe(upstream).pipe(secure);
    },
  );
  server.on('tlsClientError', (error) => refusals.push(error.message));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const listening = typeof address === 'object' && address ? address.port : 0;
      resolve({
        address: `127.0.0.1:${listening}`,
        clients,
        refusals,
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
