import { refusalText } from '../../src/network/address-policy.js';

/**
 * Thrown when the outbound network policy refuses a request: an address it forbids (a literal
 * host, or what a host name resolved to at connect time) or a scheme other than http and https.
 * No retry can change that, so every caller fails at once.
 */
export class NetworkPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkPolicyError';
  }

  /** "refused to connect to <address> (<host>): <rule>". */
  static refusedAddress(address: string, hostname: string | null, rule: string): NetworkPolicyError {
    return new NetworkPolicyError(refusalText(address, hostname, rule));
  }
}

/** The refusal behind `error`: undici reports a failed connect as the cause of "fetch failed". */
export function policyRefusalOf(error: unknown): NetworkPolicyError | null {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    if (current instanceof NetworkPolicyError) return current;
    current = current.cause;
  }
  return null;
}
