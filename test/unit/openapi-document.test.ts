import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/openapi/document.js';
import { appWithoutServices } from '../helpers/app-without-services.js';

// ajv (8, draft 2020-12, the dialect of OpenAPI 3.1 schemas) is already in node_modules; it checks
// the document's schemas compile and its examples match them.

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { example?: unknown } }[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description?: string; content?: Record<string, MediaType>; $ref?: string }>;
}
interface MediaType {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}

const document = buildOpenApiDocument();
const json = JSON.parse(JSON.stringify(document));
const paths = json.paths as Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;

function operations(): { path: string; method: string; operation: Operation; pointer: string }[] {
  return Object.entries(paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => ({
      path,
      method,
      operation: item[method]!,
      pointer: `#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}`,
    })),
  );
}

/** What a response or request body really is, following a $ref into components. */
function resolved<T>(value: T & { $ref?: string }): T {
  if (value.$ref === undefined) return value;
  return value.$ref
    .replace('#/', '')
    .split('/')
    .reduce((node: Record<string, unknown>, key) => node[key] as Record<string, unknown>, json) as T;
}

function allRefs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(allRefs);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : allRefs(value)));
}

/**
 * The OpenAPI 3.1 schema of the specification (https://spec.openapis.org/oas/3.1/schema/2022-10-07,
 * Apache-2.0; the copy schemathesis ships). Its one `$dynamicRef` names the Schema Object it
 * defines itself, which ajv resolves wrongly: it is compiled as the plain `$ref` it amounts to.
 */
function openApi31Validator() {
  const text = readFileSync(new URL('../fixtures/openapi-3.1-schema.json', import.meta.url), 'utf8');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat('media-range', true);
  return ajv.compile(JSON.parse(text.replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"')));
}

/** Every route the Express app has, walking its router stack and the routers mounted in it. */
function expressRoutes(app: Express): { method: string; path: string }[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
    rawPath?: unknown;
  }
  const walk = (stack: Layer[], prefix: string): { method: string; path: string }[] =>
    stack.flatMap((layer) => {
      if (layer.route)
        return Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => ({ method, path: `${prefix}${layer.route!.path}`.replace(/(.)\/$/, '$1') }));
      if (layer.handle?.stack)
        return walk(layer.handle.stack, typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? `${prefix}${layer.rawPath}` : prefix);
      return [];
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
}

/** Whether an Express route path (`/v1/syncs/:id/:action`) serves a document path (`/v1/syncs/{id}/pause`). */
function serves(expressPath: string, documentPath: string): boolean {
  const pattern = expressPath
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${pattern.join('/')}$`).test(documentPath);
}

describe('the OpenAPI document', () => {
  it('is an OpenAPI 3.1 document with info, paths and a bearer scheme that deployments without keys may skip', () => {
    expect(json.openapi).toBe('3.1.0');
    expect(json.info).toMatchObject({ title: 'syncd', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(json.components.securitySchemes).toEqual({ bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    expect(json.security).toEqual([{ bearerAuth: [] }, {}]);
    expect(Object.keys(paths).every((path) => path.startsWith('/'))).toBe(true);
  });

  it('conforms to the OpenAPI 3.1 schema of the specification', () => {
    const validate = openApi31Validator();
    expect(validate(json) ? [] : validate.errors).toEqual([]);
    // The schema does catch a broken document: an answer without its description.
    const broken = structuredClone(json);
    delete broken.paths['/healthz'].get.responses['200'].description;
    expect(validate(broken)).toBe(false);
  });

  it('gives every operation a unique id, a declared tag, a described success and every path parameter', () => {
    const declaredTags = new Set((json.tags as { name: string }[]).map((tag) => tag.name));
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, where).toMatch(/^[a-zA-Z]+$/);
      expect(
        operation.tags?.every((tag) => declaredTags.has(tag)),
        where,
      ).toBe(true);
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.some((status) => /^2\d\d$/.test(status)),
        where,
      ).toBe(true);
      expect(
        statuses.every((status) => /^[1-5]\d\d$/.test(status)),
        where,
      ).toBe(true);
      for (const response of Object.values(operation.responses)) expect(resolved(response).description, where).toBeTruthy();
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const pathParams = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      expect(pathParams.map((parameter) => parameter.name).sort(), where).toEqual(templated.sort());
      expect(
        pathParams.every((parameter) => parameter.required === true),
        where,
      ).toBe(true);
      for (const requirement of operation.security ?? []) {
        for (const name of Object.keys(requirement)) expect(json.components.securitySchemes, where).toHaveProperty(name);
      }
    }
  });

  it('resolves every $ref and every link, and names every schema component', () => {
    const ids = new Set(operations().map(({ operation }) => operation.operationId));
    for (const { operation } of operations()) {
      for (const response of Object.values(operation.responses) as { links?: Record<string, { operationId: string }> }[]) {
        for (const link of Object.values(response.links ?? {})) expect(ids, link.operationId).toContain(link.operationId);
      }
    }
    for (const ref of allRefs(json)) {
      expect(ref).toMatch(/^#\/components\/(schemas|responses)\/[A-Za-z]+$/);
      expect(resolved({ $ref: ref }), ref).toBeDefined();
    }
    expect(Object.keys(json.components.schemas).filter((name) => !/^[A-Z][A-Za-z]+$/.test(name))).toEqual([]);
  });

  it('describes the errors of each operation with the error body, and the statuses that apply', () => {
    const statusesOf = (method: string, path: string) => Object.keys(paths[path]![method as 'get']!.responses);
    for (const { path, method, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        // Readiness answers 503 with its own body.
        if (Number(status) < 400 || (path === '/readyz' && status === '503')) continue;
        expect(resolved(response).content?.['application/json']?.schema, `${method} ${path} ${status}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
    expect(statusesOf('post', '/v1/syncs')).toEqual(['201', '400', '401', '403', '413', '415', '500', '503']);
    expect(statusesOf('get', '/v1/syncs/{id}')).toEqual(['200', '400', '401', '404', '500', '503']);
    expect(statusesOf('patch', '/v1/syncs/{id}')).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '500', '503']);
    expect(statusesOf('get', '/readyz')).toEqual(['200', '400', '500', '503']);
    expect(statusesOf('get', '/metrics')).toEqual(['200', '400', '401', '500']);
    // The Host check of an API on loopback runs before every route, and any route may fail unexpectedly.
    for (const { path, method } of operations())
      expect(statusesOf(method, path), `${method} ${path}`).toEqual(expect.arrayContaining(['400', '500']));
    // The routes that never need a key say so.
    for (const path of ['/healthz', '/readyz', '/openapi.json', '/docs']) expect(paths[path]!.get!.security, path).toEqual([]);
  });

  it('describes every parameter with an example its schema accepts, and shows an example of every body and answer', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(json, 'openapi.json');
    for (const { path, method, operation, pointer } of operations()) {
      (operation.parameters ?? []).forEach((parameter, index) => {
        const where = `${method.toUpperCase()} ${path} ${parameter.in} ${parameter.name}`;
        expect(parameter.description, where).toBeTruthy();
        expect(parameter.schema?.example, where).toBeDefined();
        const validate = ajv.compile({ $ref: `openapi.json${pointer}/parameters/${index}/schema` });
        expect(validate(parameter.schema?.example) ? [] : validate.errors, where).toEqual([]);
      });
      const media = [
        ...Object.entries(operation.requestBody?.content ?? {}).map(([type, body]) => ({ at: `request ${type}`, body })),
        ...Object.entries(operation.responses).flatMap(([status, response]) =>
          Object.entries(resolved(response).content ?? {}).map(([type, body]) => ({ at: `${status} ${type}`, body })),
        ),
      ];
      for (const { at, body } of media) {
        expect(body.example !== undefined || Object.keys(body.examples ?? {}).length > 0, `${method.toUpperCase()} ${path} ${at}`).toBe(
          true,
        );
      }
    }
  });

  it('has schemas that compile as JSON Schema 2020-12, and examples that match them', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(json, 'openapi.json');
    let examples = 0;
    for (const { path, method, operation, pointer } of operations()) {
      const bodies = [
        ...Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => ({
          at: `${pointer}/requestBody/content/${type.replace('/', '~1')}`,
          media,
        })),
        ...Object.entries(operation.responses).flatMap(([status, response]) =>
          Object.entries(resolved(response).content ?? {}).map(([type, media]) => ({
            at: response.$ref
              ? `${response.$ref}/content/${type.replace('/', '~1')}`
              : `${pointer}/responses/${status}/content/${type.replace('/', '~1')}`,
            media,
          })),
        ),
      ];
      for (const { at, media } of bodies) {
        const validate = ajv.compile({ $ref: `openapi.json${at}/schema` });
        const values = [
          ...(media.example === undefined ? [] : [media.example]),
          ...Object.values(media.examples ?? {}).map((example) => example.value),
        ];
        for (const value of values) {
          examples += 1;
          expect(validate(value) ? [] : validate.errors, `example at ${method} ${path} (${at})`).toEqual([]);
        }
      }
    }
    expect(examples).toBeGreaterThan(30);
  });

  it('describes every route of the Express app with its method, and nothing under /v1 that the app lacks', () => {
    const routes = expressRoutes(appWithoutServices());
    expect(routes).toContainEqual({ method: 'put', path: '/v1/syncs' });
    expect(routes).toContainEqual({ method: 'get', path: '/healthz' });
    const documented = operations();
    const undocumented = routes.filter(
      (route) => !documented.some(({ path, method }) => method === route.method && serves(route.path, path)),
    );
    expect(undocumented).toEqual([]);
    const unserved = documented.filter(
      ({ path, method }) => path.startsWith('/v1/') && !routes.some((route) => route.method === method && serves(route.path, path)),
    );
    expect(unserved.map(({ path, method }) => `${method} ${path}`)).toEqual([]);
  });
});
