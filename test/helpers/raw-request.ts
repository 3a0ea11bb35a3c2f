import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. `any`: tests probe arbitrary JSON, and expect() checks its shape. */
  // biome-ignore lint/suspicious/noExplicitAny: tests probe arbitrary JSON bodies; expect() checks their shape.
  body: any;
}

/**
 * One HTTP request with exactly the headers given (fetch() would add a content type to a string
 * body and will not send a Host of the caller's choosing): what a browser form or a rebinding
 * page sends, not what a well-behaved client does.
 */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(options.path, baseUrl), { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
