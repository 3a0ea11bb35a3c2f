import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { listen } from '../../src/api/listen.js';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite-storage.js';
import { freePort } from '../helpers/free-port.js';

let dir: string;
let storage: SqliteStorage;
let server: Server;
let connection: Connection;
let baseUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-unavailable-'));
  storage = new SqliteStorage({ file: path.join(dir, 'syncd.db'), secretBox: new SecretBox(randomBytes(32)) });
  // Nothing listens on this port: every Temporal call fails as it would with the server down.
  connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '1s' });
  const app = createApp({
    storage,
    client: new Client({ connection }),
    taskQueue: 'unused',
    updateTimeoutMs: 2_000,
    readTimeoutMs: 2_000,
    log: () => undefined,
  });
  let port: number;
  ({ server, port } = await listen(app, 0));
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await connection.close();
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

const call = async (method: string, apiPath: string, body?: unknown) => {
  const response = await fetch(`${baseUrl}${apiPath}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

describe('when Temporal is unreachable', () => {
  it('creating a sync answers 503 and leaves no sync behind', async () => {
    const response = await call('POST', '/v1/syncs', { url: 'http://127.0.0.1:9/items', unique_key: 'id' });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('temporal_unavailable');
    expect(await storage.listSyncs({ limit: 10 })).toEqual([]);
  });

  it('managing or reading a sync answers 503, while its jobs and records still read fine', async () => {
    const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://127.0.0.1:9/x', unique_key: 'id' }));
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const paused = await call('PUT', '/v1/syncs', { action: 'pause', sync_id });
    expect(paused.status).toBe(503);
    expect(paused.body.error).toMatchObject({ code: 'temporal_unavailable' });
    expect((await call('GET', `/v1/syncs/${sync_id}`)).status).toBe(503);
    expect(await call('GET', `/v1/syncs/${sync_id}/jobs`)).toEqual({ status: 200, body: { data: [], next_cursor: null } });
    expect(await call('GET', `/v1/syncs/${sync_id}/records`)).toEqual({ status: 200, body: { data: [], next_cursor: null } });
  });
});
