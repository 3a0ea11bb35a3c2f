import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from '../../src/network/address-policy.js';
import { NetworkPolicyError } from './network-policy-error.js';

/** Every address a host name resolves to; `dns.lookup` (the system resolver) unless a test injects names. */
export type ResolveAll = (hostname: string, options: LookupOptions) => Promise<LookupAddress[]>;

const systemResolve: ResolveAll = (hostname, options) => dns.lookup(hostname, { ...options, all: true });

/**
 * A `lookup` for `net.connect` that hands the socket only addresses the policy allows, so the
 * address checked is the address connected to (no gap for DNS rebinding to slip through). When
 * every address is refused, the connect fails with a `NetworkPolicyError` naming the first.
 */
export function policyLookup(policy: AddressPolicy, resolve: ResolveAll = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options).then(
      (addresses) => {
        const allowed = addresses.filter((entry) => policy.refusal(entry.address) === null);
        const [first] = allowed;
        if (first === undefined) {
          const refused = addresses[0];
          const error =
            refused === undefined
              ? Object.assign(new Error(`no address found for ${hostname}`), { code: 'ENOTFOUND' })
              : NetworkPolicyError.refusedAddress(refused.address, hostname, policy.refusal(refused.address) ?? '');
          callback(error, '');
          return;
        }
        if (options.all) callback(null, allowed);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
