import type { Auth } from '../contracts/auth.js';
import type { ErrorDetail } from '../contracts/errors.js';
import type { AddressPolicy } from '../network/address-policy.js';
import { literalRefusal } from '../network/url-host.js';
import { ValidationError } from './errors.js';

/** The fields of a create body or a patch that name somewhere syncd will send requests. */
export interface OutboundUrlFields {
  url?: string | undefined;
  auth?: Auth | null | undefined;
  webhook_url?: string | null | undefined;
  allowed_origins?: readonly string[] | null | undefined;
}

/** Each URL the body gives, by the field an error names. */
function urlsOf(body: OutboundUrlFields): [field: string, url: string][] {
  const urls: [string, string][] = [];
  if (body.url !== undefined) urls.push(['url', body.url]);
  if (body.auth?.type === 'oauth2_client_credentials') urls.push(['auth.token_url', body.auth.token_url]);
  if (typeof body.webhook_url === 'string') urls.push(['webhook_url', body.webhook_url]);
  for (const [index, origin] of (body.allowed_origins ?? []).entries()) urls.push([`allowed_origins.${index}`, origin]);
  return urls;
}

/**
 * Refuses (400, naming each field) a body whose URLs have a literal IP host the network policy
 * refuses, before anything is stored. Host names pass: the worker checks what they resolve to
 * when it connects, since that can change after the sync is created.
 */
export function checkOutboundUrls(body: OutboundUrlFields, policy: AddressPolicy): void {
  const details: ErrorDetail[] = [];
  for (const [field, url] of urlsOf(body)) {
    const refusal = literalRefusal(new URL(url), policy);
    if (refusal !== null) details.push({ field, message: `syncd does not connect to ${refusal.address}: ${refusal.rule}` });
  }
  if (details.length > 0) throw new ValidationError(details);
}
