import { type AddressPolicy, canonicalAddress } from './address-policy.js';

/** A URL whose host is an IP address the policy refuses: the address as compared, the host as written, the rule. */
export interface LiteralRefusal {
  address: string;
  host: string;
  rule: string;
}

/**
 * The refusal of `url` when its host is a literal IP address the policy refuses; null for an
 * allowed address or a host name (host names are checked when they are resolved, at connect time).
 * The URL parser has already turned other spellings of IPv4 (2852039166, 0xa9fea9fe) into dotted form.
 */
export function literalRefusal(url: URL, policy: AddressPolicy): LiteralRefusal | null {
  const address = canonicalAddress(url.hostname);
  if (address === null) return null;
  const rule = policy.refusal(address);
  return rule === null ? null : { address, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), rule };
}
