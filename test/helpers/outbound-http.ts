import { createOutboundHttp, type OutboundHttp } from '../../activities/http/outbound-http.js';
import { AddressPolicy } from '../../src/network/address-policy.js';

/** The policy a worker has by default (no SYNCD_DENY_PRIVATE_NETWORKS, no allow list): loopback test servers are reachable. */
export const defaultNetworkPolicy = (): AddressPolicy => new AddressPolicy({ denyPrivateNetworks: false, allowNetworks: [] });

/** A worker's outbound client under the default policy, for tests that call activities or fetches directly. */
export const defaultOutboundHttp = (): OutboundHttp => createOutboundHttp(defaultNetworkPolicy());
