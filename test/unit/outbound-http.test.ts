import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCappedText } from '../../activities/http/bounded-fetch.js';
import { describeNetworkError } from '../../activities/http/failure-text.js';
import { NetworkPolicyError } from '../../activities/http/network-policy-error.js';
import { createOutboundHttp, type OutboundHttp } from '../../activities/http/outbound-http.js';
import type { ResolveAll } from '../../activities/http/policy-lookup.js';
import { AddressPolicy, type NetworkPolicyConfig } from '../../src/network/address-policy.js';

/**
 * The outbound client against a real loopback server, with host names resolved by a table the
 * test controls (the system resolver only where a test says so), so the connect-time check is
 * seen refusing or allowing the very address a socket would connect to.
 */
let server: Server;
let port = 0;
/** Connections the server accepted: a refused request must never open one. */
let connections = 0;
/** When true, each answer closes its connection, so the next request must connect (and resolve) again. */
let closeEachConnection = false;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...(closeEachConnection ? { connection: 'close' } : {}) });
    res.end('{"ok":true}');
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  connections = 0;
  closeEachConnection = false;
});

const v4 = (address: string): LookupAddress => ({ address, family: 4 });

/** A resolver answering from `names`, one answer after another for a name given a list of answers. */
function resolverOf(names: Record<string, LookupAddress[][]>): ResolveAll & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const answers = names[hostname];
    if (answers === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answers.length > 1 ? answers.shift()! : answers[0]!;
  };
  return Object.assign(resolve, { asked });
}

const clients: OutboundHttp[] = [];
afterAll(() => Promise.all(clients.map((client) => client.close())));

function outbound(config: Partial<NetworkPolicyConfig>, resolve?: ResolveAll): OutboundHttp {
  const client = createOutboundHttp(new AddressPolicy({ denyPrivateNetworks: false, allowNetworks: [], ...config }), resolve);
  clients.push(client);
  return client;
}

const get = (client: OutboundHttp, url: string) =>
  client.fetch(url, { method: 'GET', headers: {}, redirect: 'manual', signal: new AbortController().signal });

async function refusal(promise: Promise<unknown>): Promise<NetworkPolicyError> {
  const error = await promise.then(
    () => expect.unreachable('expected the network policy to refuse the request'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NetworkPolicyError);
  return error as NetworkPolicyError;
}

describe('the outbound client', () => {
  it('connects to a host name whose addresses the policy allows', async () => {
    const resolve = resolverOf({ 'api.example': [[v4('127.0.0.1')]] });
    const response = await get(outbound({}, resolve), `http://api.example:${port}/items`);
    expect(response.status).toBe(200);
    expect(await readCappedText(response, 1024)).toBe('{"ok":true}');
    expect(resolve.asked).toEqual(['api.example']);
    expect(connections).toBe(1);
  });

  it('refuses, before connecting, a host name that resolves to a refused address, naming address, host and rule', async () => {
    const strict = outbound({ denyPrivateNetworks: true }, resolverOf({ 'api.example': [[v4('127.0.0.1')]] }));
    const error = await refusal(get(strict, `http://api.example:${port}/items`));
    expect(error.message).toBe(
      'refused to connect to 127.0.0.1 (api.example): private networks are refused (SYNCD_DENY_PRIVATE_NETWORKS=true)',
    );
    const metadata = outbound({}, resolverOf({ 'metadata.example': [[v4('169.254.169.254')]] }));
    expect((await refusal(get(metadata, 'http://metadata.example/latest/meta-data/'))).message).toBe(
      'refused to connect to 169.254.169.254 (metadata.example): link-local and cloud metadata addresses are always refused',
    );
    const mapped = outbound({}, resolverOf({ 'mapped.example': [[{ address: '::ffff:169.254.169.254', family: 6 }]] }));
    expect((await refusal(get(mapped, 'https://mapped.example/'))).message).toContain(
      'refused to connect to ::ffff:169.254.169.254 (mapped.example): link-local and cloud metadata',
    );
    expect(connections).toBe(0);
  });

  it('connects only to the allowed addresses of a name that resolves to refused ones too', async () => {
    const resolve = resolverOf({ 'mixed.example': [[v4('169.254.169.254'), v4('127.0.0.1')]] });
    const response = await get(outbound({}, resolve), `http://mixed.example:${port}/`);
    expect(response.status).toBe(200);
    await response.body?.cancel();
    expect(connections).toBe(1);
  });

  it('checks every new connection: a name that turns into a refused address later is refused then (DNS rebinding)', async () => {
    closeEachConnection = true;
    const client = outbound({}, resolverOf({ 'rebind.example': [[v4('127.0.0.1')], [v4('169.254.169.254')]] }));
    const first = await get(client, `http://rebind.example:${port}/`);
    expect(first.status).toBe(200);
    await readCappedText(first, 1024);
    const error = await refusal(get(client, `http://rebind.example:${port}/`));
    expect(error.message).toContain('refused to connect to 169.254.169.254 (rebind.example)');
    expect(connections).toBe(1);
  });

  it('checks literal IP hosts, which no lookup sees', async () => {
    const strict = outbound({ denyPrivateNetworks: true }, resolverOf({}));
    expect((await refusal(get(strict, `http://127.0.0.1:${port}/`))).message).toBe(
      'refused to connect to 127.0.0.1: private networks are refused (SYNCD_DENY_PRIVATE_NETWORKS=true)',
    );
    expect((await refusal(get(strict, `http://[::1]:${port}/`))).message).toContain('refused to connect to ::1: private networks');
    const lenient = outbound({}, resolverOf({}));
    expect((await refusal(get(lenient, 'http://169.254.169.254/latest/meta-data/'))).message).toBe(
      'refused to connect to 169.254.169.254: link-local and cloud metadata addresses are always refused',
    );
    expect((await refusal(get(lenient, 'http://[::ffff:a9fe:a9fe]/'))).message).toBe(
      'refused to connect to 169.254.169.254 (::ffff:a9fe:a9fe): link-local and cloud metadata addresses are always refused',
    );
    expect((await refusal(get(lenient, 'http://[fd00:ec2::254]/'))).message).toContain('refused to connect to fd00:ec2::254: link-local');
    expect(connections).toBe(0);
  });

  it('connects where the allow list opens a denied network, by literal or by name (system resolver)', async () => {
    const allowed = outbound({ denyPrivateNetworks: true, allowNetworks: ['127.0.0.1/32'] });
    for (const host of ['127.0.0.1', 'localhost']) {
      const response = await get(allowed, `http://${host}:${port}/`);
      expect(response.status).toBe(200);
      await readCappedText(response, 1024);
    }
    expect((await refusal(get(allowed, `http://127.0.0.2:${port}/`))).message).toContain(
      'refused to connect to 127.0.0.2: private networks',
    );
  });

  it('refuses any scheme but http and https', async () => {
    const client = outbound({}, resolverOf({}));
    expect((await refusal(get(client, 'data:application/json,[]'))).message).toBe(
      'refused to fetch data: URL data:application/json,[]: only http and https are allowed',
    );
    expect((await refusal(get(client, 'file:///etc/passwd'))).message).toContain('only http and https are allowed');
  });

  it('leaves other failures as fetch reports them, so they are retried', async () => {
    const error = await get(outbound({}, resolverOf({})), 'http://nowhere.example/').then(
      () => expect.unreachable('expected the lookup to fail'),
      (thrown: unknown) => thrown,
    );
    expect(error).not.toBeInstanceOf(NetworkPolicyError);
    expect(describeNetworkError(error)).toBe('fetch failed (getaddrinfo ENOTFOUND nowhere.example)');
  });
});
