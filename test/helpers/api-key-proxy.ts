import {
  type ClientHttp2Session,
  connect,
  createSecureServer,
  type Http2Session,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';

export interface ApiKeyProxy {
  address: string;
  /** gRPC calls let through, each with the expected key. */
  accepted: number;
  /** gRPC calls refused for a missing or wrong key, with the authorization header they came with. */
  refused: (string | undefined)[];
  stop(): Promise<void>;
}

/** Request headers Temporal's frontend gets: the client's own, minus HTTP/2 pseudo-headers. */
function forwarded(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { ':method': headers[':method'], ':path': headers[':path'] };
  for (const [name, value] of Object.entries(headers)) if (!name.startsWith(':')) out[name] = value;
  return out;
}

/** Response headers or trailers for the client: the frontend's, minus pseudo-headers but `:status`. */
function answered(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (name === ':status' || !name.startsWith(':')) out[name] = value;
  return out;
}

/**
 * A TLS gRPC front that lets a call through only with `authorization: Bearer <apiKey>`, as Temporal
 * Cloud does, and forwards it to a plaintext frontend; any other call gets UNAUTHENTICATED. The dev
 * server checks no API key, so this is what a test of TEMPORAL_API_KEY has to talk to.
 */
export function startApiKeyProxy(options: { target: string; apiKey: string; cert: Buffer; key: Buffer }): Promise<ApiKeyProxy> {
  const upstream: ClientHttp2Session = connect(`http://${options.target}`);
  upstream.on('error', () => undefined);
  const proxy: ApiKeyProxy = { address: '', accepted: 0, refused: [], stop: async () => undefined };
  const server = createSecureServer({ cert: options.cert, key: options.key });
  // Workers hold long polls open: stopping must end their sessions, or the server never closes.
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    if (headers.authorization !== `Bearer ${options.apiKey}`) {
      proxy.refused.push(headers.authorization);
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '16', 'grpc-message': 'API key missing or invalid' },
        { endStream: true },
      );
      return;
    }
    proxy.accepted += 1;
    const call = upstream.request(forwarded(headers));
    call.on('error', () => stream.close());
    stream.on('close', () => call.close());
    let trailers: OutgoingHttpHeaders = {};
    call.on('trailers', (received) => {
      trailers = answered(received);
    });
    call.on('response', (response) => {
      // A trailers-only answer (a gRPC error) carries its status in the headers and ends there.
      if (response['grpc-status'] !== undefined) {
        stream.respond(answered(response), { endStream: true });
        return;
      }
      stream.respond(answered(response), { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers(trailers));
      call.pipe(stream);
    });
    stream.pipe(call);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      proxy.address = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      proxy.stop = () =>
        new Promise<void>((done) => {
          for (const session of sessions) session.destroy();
          upstream.destroy();
          server.close(() => done());
        });
      resolve(proxy);
    });
  });
}
