import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { type AddressPolicy, canonicalAddress } from '../../src/network/address-policy.js';
import { NetworkPolicyError, policyRefusalOf } from './network-policy-error.js';
import { policyLookup, type ResolveAll } from './policy-lookup.js';

/** What syncd's outbound requests send; redirects are always handled by the caller. */
export interface OutboundRequest {
  method: string;
  headers: Headers | Record<string, string>;
  body?: string | undefined;
  redirect: 'manual';
  signal: AbortSignal;
}

/** One read of a body stream; `value` is absent once it is done. */
type ChunkRead = { done: false; value: Uint8Array } | { done: true; value?: unknown };

/**
 * What syncd reads of an answer. undici's Response fits it, and so does the WHATWG Response the
 * global fetch gives (tests build those): the two are typed by different declarations.
 */
export interface OutboundResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): { read(): Promise<ChunkRead>; cancel(reason?: unknown): Promise<void> }; cancel(): Promise<void> } | null;
}

/** Every request syncd makes to the outside (pages, OAuth tokens, webhooks) goes through one of these per worker. */
export interface OutboundHttp {
  /** Like fetch; throws `NetworkPolicyError` itself (not wrapped in "fetch failed") when the policy refuses. */
  fetch(url: URL | string, init: OutboundRequest): Promise<OutboundResponse>;
  /** Drops the pooled connections; for when the worker has stopped and nothing is in flight. */
  close(): Promise<void>;
}

/** The global Headers as undici's fetch takes them (each fetch declares its own Headers type). */
function headerRecord(headers: OutboundRequest['headers']): Record<string, string> {
  if (!(headers instanceof Headers)) return headers;
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/**
 * Connects only where the policy allows: a literal IP host is checked here (net.connect resolves
 * nothing for it), a host name by `policyLookup` as the socket resolves it.
 */
function guardedConnector(policy: AddressPolicy, resolve: ResolveAll | undefined): buildConnector.connector {
  const connect = buildConnector({ lookup: policyLookup(policy, resolve) });
  return (options, callback) => {
    const address = canonicalAddress(options.hostname);
    const rule = address === null ? null : policy.refusal(address);
    if (address !== null && rule !== null) {
      callback(NetworkPolicyError.refusedAddress(address, options.hostname, rule), null);
      return;
    }
    connect(options, callback);
  };
}

/**
 * The outbound HTTP client of one worker: undici's fetch on an Agent whose connector applies
 * `policy` to the address of every connection, redirect hops included. `resolve` replaces the
 * system resolver in tests.
 */
export function createOutboundHttp(policy: AddressPolicy, resolve?: ResolveAll): OutboundHttp {
  const agent = new Agent({ connect: guardedConnector(policy, resolve) });
  return {
    async fetch(url, init) {
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw new NetworkPolicyError(`refused to fetch ${target.protocol} URL ${target}: only http and https are allowed`);
      }
      try {
        return await undiciFetch(target, { ...init, headers: headerRecord(init.headers), dispatcher: agent });
      } catch (error) {
        throw policyRefusalOf(error) ?? error;
      }
    },
    // destroy, not close: close waits for every response body, and one never read would hold the shutdown open.
    close: () => agent.destroy(),
  };
}
