import type { ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions, TLSConfig } from '@temporalio/worker';
import type { Config } from '../config/config.js';

type TemporalSettings = Pick<Config['temporal'], 'address' | 'security'>;

/** What the client's `Connection` and the worker's `NativeConnection` both take, built once so they cannot drift. */
export type TemporalConnectionOptions = Required<Pick<ConnectionOptions, 'address'>> &
  Pick<ConnectionOptions & NativeConnectionOptions, 'tls' | 'apiKey'>;

function tlsConfig(tls: NonNullable<Config['temporal']['security']['tls']>): TLSConfig {
  return {
    ...(tls.serverName === undefined ? {} : { serverNameOverride: tls.serverName }),
    ...(tls.ca === undefined ? {} : { serverRootCACertificate: tls.ca.pem }),
    ...(tls.clientCert === undefined ? {} : { clientCertPair: { crt: tls.clientCert.cert.pem, key: tls.clientCert.key.pem } }),
  };
}

export function temporalConnectionOptions({ address, security }: TemporalSettings): TemporalConnectionOptions {
  return {
    address,
    // Said outright even when false: the SDK would otherwise turn TLS on for any API key.
    tls: security.tls === undefined ? false : tlsConfig(security.tls),
    ...(security.apiKey === undefined ? {} : { apiKey: security.apiKey }),
  };
}

/** True when syncd must reach a server of the operator's: a dev server it starts could not match TLS or an API key. */
export function needsOwnServer({ security }: TemporalSettings): boolean {
  return security.tls !== undefined || security.apiKey !== undefined;
}

/** How syncd connects, for start logs and connection errors; never the key or PEM contents. */
export function describeTemporalConnection({ address, security }: TemporalSettings): string {
  const { tls, apiKey } = security;
  const parts: string[] = [];
  if (tls === undefined) parts.push('plaintext');
  else {
    const trust = tls.ca ? `CA from ${tls.ca.variable}` : "the system's CAs";
    const client = tls.clientCert ? `, client certificate from ${tls.clientCert.cert.variable} and ${tls.clientCert.key.variable}` : '';
    const name = tls.serverName ? `, server name ${tls.serverName}` : '';
    parts.push(`TLS trusting ${trust}${client}${name}`);
  }
  if (apiKey !== undefined) parts.push('API key from TEMPORAL_API_KEY');
  return `${address} (${parts.join('; ')})`;
}
