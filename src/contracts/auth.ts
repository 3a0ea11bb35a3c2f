import { z } from 'zod';
import { headerValue, isHeaderName, isHeaderValue } from './http-syntax.js';

export const SECRET_MASK = '***';

/** Shorter secrets are too guessable, and redacting one from error text would leave a hint of it. */
export const MIN_SECRET_LENGTH = 8;

/** A secret, or "***" in a PATCH to keep the stored one (anywhere else "***" is refused later). */
const secret = z.string().refine((value) => value === SECRET_MASK || value.length >= MIN_SECRET_LENGTH, {
  error: `must be at least ${MIN_SECRET_LENGTH} characters`,
});
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });

/** How each request to the external API authenticates. Secrets are encrypted at rest. */
export const authSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bearer'), token: secret.and(headerValue) }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1), password: secret }),
  z
    .strictObject({
      type: z.literal('api_key'),
      name: z.string().min(1).max(200),
      value: secret,
      in: z.enum(['header', 'query']).default('header'),
    })
    .superRefine((auth, ctx) => {
      if (auth.in !== 'header') return;
      if (!isHeaderName(auth.name)) ctx.addIssue({ code: 'custom', path: ['name'], message: 'must be a header name when in is "header"' });
      if (!isHeaderValue(auth.value))
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: 'must not contain line breaks or control characters when in is "header"',
        });
    }),
  z.strictObject({
    type: z.literal('oauth2_client_credentials'),
    token_url: httpUrl,
    client_id: z.string().min(1),
    client_secret: secret,
    scopes: z.array(z.string().min(1)).optional(),
  }),
]);

export type Auth = z.output<typeof authSchema>;
export type AuthType = Auth['type'];

/** The fields of each auth type that are secrets: encrypted at rest, shown as "***". */
export const AUTH_SECRET_FIELDS = {
  bearer: ['token'],
  basic: ['password'],
  api_key: ['value'],
  oauth2_client_credentials: ['client_secret'],
} as const satisfies Record<AuthType, readonly string[]>;

const SECRET_NAME = /auth|token|secret|password|passwd|api[-_]?key|cookie|session|signature|credential/i;

/** Whether a header or query param name suggests its value is a credential, to be masked. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

export type AuthSecrets = Record<string, string>;

/** Splits auth into what may be stored and shown (secrets masked) and the secrets themselves. */
export function splitAuth(auth: Auth): { masked: Auth; secrets: AuthSecrets } {
  const masked: Record<string, unknown> = { ...auth };
  const secrets: AuthSecrets = {};
  for (const field of AUTH_SECRET_FIELDS[auth.type]) {
    secrets[field] = String(masked[field]);
    masked[field] = SECRET_MASK;
  }
  return { masked: masked as Auth, secrets };
}

/** The usable auth: the masked descriptor with its secrets put back. */
export function joinAuth(masked: Auth, secrets: AuthSecrets): Auth {
  return { ...masked, ...secrets } as Auth;
}
