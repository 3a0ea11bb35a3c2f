import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  CLI_TYPE_NAMES,
  ensureSearchAttributes,
  type SearchAttributeCalls,
  SearchAttributeSetupError,
} from '../../src/temporal/ensure-search-attributes.js';
import { SYNCD_SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes.js';
import { rejectionOf } from '../helpers/thrown-by.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const INT = 3;
const KEYWORD = 2;
const TEXT = 1;

/** Shaped as the Temporal client's gRPC errors are (code, details, metadata). */
function grpcError(code: number, message: string): Error {
  return Object.assign(new Error(`${code} ${message}`), { code, details: message, metadata: {} });
}

/** A namespace in memory: a visibility query fails with INVALID_ARGUMENT while it names an unknown attribute. */
function fakeNamespace(initial: Record<string, number> = {}, refuse: { list?: Error; add?: Error } = {}) {
  const attributes = { ...initial };
  const adds: Record<string, number>[] = [];
  const calls: SearchAttributeCalls = {
    async listCustom() {
      if (refuse.list) throw refuse.list;
      return { ...attributes };
    },
    async add(wanted) {
      adds.push(wanted);
      if (refuse.add) throw refuse.add;
      Object.assign(attributes, wanted);
    },
    async query(query) {
      const unknown = SYNCD_SEARCH_ATTRIBUTES.find((key) => query.includes(key.name) && attributes[key.name] === undefined);
      if (unknown) throw grpcError(3, `invalid query: invalid search attribute: ${unknown.name}`);
    },
  };
  return { calls, attributes, adds };
}

const ensure = (calls: SearchAttributeCalls) =>
  ensureSearchAttributes(calls, 'prod', SYNCD_SEARCH_ATTRIBUTES, { pollMs: 1, timeoutMs: 2_000 });

describe('making sure the namespace has syncd search attributes', () => {
  it('adds the missing ones with their types and answers their names', async () => {
    const namespace = fakeNamespace({ SyncId: INT });
    expect(await ensure(namespace.calls)).toEqual(['SyncStatus']);
    expect(namespace.adds).toEqual([{ SyncStatus: KEYWORD }]);
    expect(namespace.attributes).toEqual({ SyncId: INT, SyncStatus: KEYWORD });
  });

  it('adds nothing when both exist', async () => {
    const namespace = fakeNamespace({ SyncId: INT, SyncStatus: KEYWORD });
    expect(await ensure(namespace.calls)).toEqual([]);
    expect(namespace.adds).toEqual([]);
  });

  it('takes ALREADY_EXISTS from a worker that added them meanwhile as done', async () => {
    const namespace = fakeNamespace();
    const calls: SearchAttributeCalls = {
      ...namespace.calls,
      async add(wanted) {
        Object.assign(namespace.attributes, wanted);
        throw grpcError(6, 'Search attribute SyncId already exists.');
      },
    };
    expect(await ensure(calls)).toEqual([]);
    expect(namespace.attributes).toEqual({ SyncId: INT, SyncStatus: KEYWORD });
  });

  it('waits until a query can use attributes the listing already shows', async () => {
    const namespace = fakeNamespace({ SyncId: INT, SyncStatus: KEYWORD });
    let refusals = 3;
    const calls: SearchAttributeCalls = {
      ...namespace.calls,
      async query(query) {
        if (refusals-- > 0) throw grpcError(3, 'invalid query: invalid search attribute: SyncId');
        await namespace.calls.query(query);
      },
    };
    expect(await ensure(calls)).toEqual([]);
    expect(refusals).toBe(-1);
  });

  it('when adding is refused for permission, says which commands an operator runs', async () => {
    const namespace = fakeNamespace({ SyncId: INT }, { add: grpcError(7, 'Request unauthorized.') });
    const error = await rejectionOf(ensure(namespace.calls));
    expect(error).toBeInstanceOf(SearchAttributeSetupError);
    const message = (error as Error).message;
    expect(message).toContain(
      'Temporal namespace "prod" lacks the search attributes SyncStatus, and the server refused to add them (7 Request unauthorized.)',
    );
    expect(message).toContain('temporal operator search-attribute create --namespace prod --name SyncStatus --type Keyword');
    expect(message).toContain('tcld namespace search-attributes add --namespace prod --search-attribute SyncStatus=Keyword');
    expect(message).not.toContain('--name SyncId');
  });

  it('when the operator service is not offered (Temporal Cloud), checks by a query and passes if both exist', async () => {
    const namespace = fakeNamespace({ SyncId: INT, SyncStatus: KEYWORD }, { list: grpcError(12, 'unknown method ListSearchAttributes') });
    expect(await ensure(namespace.calls)).toEqual([]);
  });

  it('when the operator service is not offered and they are missing, names both commands', async () => {
    const namespace = fakeNamespace({}, { list: grpcError(12, 'unknown method ListSearchAttributes') });
    const message = ((await rejectionOf(ensure(namespace.calls))) as Error).message;
    expect(message).toContain('refused to list or check them');
    expect(message).toContain('temporal operator search-attribute create --namespace prod --name SyncId --type Int');
    expect(message).toContain('temporal operator search-attribute create --namespace prod --name SyncStatus --type Keyword');
    expect(message).toContain('--search-attribute SyncId=Int --search-attribute SyncStatus=Keyword');
  });

  it('refuses an attribute of another type instead of writing values it would reject', async () => {
    const namespace = fakeNamespace({ SyncId: INT, SyncStatus: TEXT });
    const error = await rejectionOf(ensure(namespace.calls));
    expect(error).toBeInstanceOf(SearchAttributeSetupError);
    expect((error as Error).message).toContain('SyncStatus is Text, syncd needs Keyword');
    expect(namespace.adds).toEqual([]);
  });

  it('passes on a failure that is neither a refusal nor transient', async () => {
    const namespace = fakeNamespace({}, { list: grpcError(16, 'bad API key') });
    expect(((await rejectionOf(ensure(namespace.calls))) as Error).message).toBe('16 bad API key');
  });

  it('gives up with a clear error when they never become usable', async () => {
    const namespace = fakeNamespace();
    const calls: SearchAttributeCalls = { ...namespace.calls, async add() {} };
    const error = await rejectionOf(ensureSearchAttributes(calls, 'prod', SYNCD_SEARCH_ATTRIBUTES, { pollMs: 1, timeoutMs: 50 }));
    expect((error as Error).message).toBe('search attributes SyncId, SyncStatus of namespace "prod" did not become usable in time');
  });

  it('are the ones temporal.yaml gives the dev server', () => {
    const yaml = parseYaml(readFileSync(path.join(root, 'temporal.yaml'), 'utf8'));
    const fromCode = Object.fromEntries(SYNCD_SEARCH_ATTRIBUTES.map((key) => [key.name, CLI_TYPE_NAMES[key.type]]));
    expect(yaml.dev_server.search_attributes).toEqual(fromCode);
  });
});
