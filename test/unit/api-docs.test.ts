import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/api/listen.js';
import { buildOpenApiDocument } from '../../src/api/openapi/document.js';
import { appWithoutServices } from '../helpers/app-without-services.js';

describe('GET /openapi.json and the docs at /docs', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    const listening = await listen(appWithoutServices(), 0);
    server = listening.server;
    baseUrl = `http://127.0.0.1:${listening.port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves the document the builder makes, as JSON', async () => {
    const response = await fetch(`${baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('serves a page with no inline script, under the CSP, loading Swagger UI and its init script from syncd itself', async () => {
    const response = await fetch(`${baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((script) => script[1]!.trim())).toEqual(['src="/docs/swagger-ui-bundle.js"', 'src="/docs/docs-init.js"']);
    expect(scripts.every((script) => script[2]!.trim() === '')).toBe(true);
    expect(html).not.toMatch(/\bstyle=|https?:\/\//);
  });

  it('serves each asset the page loads, and the init script points Swagger UI at /openapi.json', async () => {
    for (const [file, type] of [
      ['swagger-ui-bundle.js', /javascript/],
      ['swagger-ui.css', /^text\/css/],
      ['favicon-32x32.png', /^image\/png/],
      ['docs-init.js', /javascript/],
    ] as const) {
      const response = await fetch(`${baseUrl}/docs/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toMatch(type);
      expect(response.headers.get('x-content-type-options'), file).toBe('nosniff');
      const body = await response.text();
      if (file === 'docs-init.js') expect(body).toContain("url: '/openapi.json'");
    }
  });

  it('answers 404 with the error body for any other file, including the names of Object properties and swagger-ui-dist files it does not load', async () => {
    for (const file of ['constructor', '__proto__', 'index.html', 'swagger-initializer.js', '..%2Fpackage.json']) {
      const response = await fetch(`${baseUrl}/docs/${file}`);
      expect(response.status, file).toBe(404);
      expect(await response.json(), file).toEqual({ error: { code: 'not_found', message: expect.stringContaining('no route for GET') } });
    }
  });
});
