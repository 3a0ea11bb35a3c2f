/**
 * The outbound network policy: which IP addresses syncd may connect to (sync pages, OAuth token
 * URLs, webhooks and every redirect hop). Pure: the API checks literal addresses with it, the
 * worker's connector checks every resolved address at connect time.
 */
import { BlockList, isIP } from 'node:net';

/** The rule that refuses link-local and metadata addresses, whatever the configuration. */
export const ALWAYS_REFUSED = 'link-local and cloud metadata addresses are always refused';
/** The rule that refuses loopback and private addresses when the configuration says so. */
export const PRIVATE_REFUSED = 'private networks are refused (SYNCD_DENY_PRIVATE_NETWORKS=true)';

/** Link-local ranges and the cloud metadata endpoints (AWS IPv6, Alibaba) outside them. */
const ALWAYS_REFUSED_NETWORKS = ['169.254.0.0/16', '100.100.100.200/32', 'fe80::/10', 'fd00:ec2::254/128'];

/**
 * Loopback, RFC 1918, CGNAT and ULA. 0.0.0.0/8 and :: are here too: connecting to them reaches
 * this host's own services, as loopback does.
 */
const PRIVATE_NETWORKS = [
  '127.0.0.0/8',
  '0.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '::1/128',
  '::/128',
  'fc00::/7',
];

export interface NetworkPolicyConfig {
  /** SYNCD_DENY_PRIVATE_NETWORKS: refuse loopback, RFC 1918, CGNAT and ULA addresses too. */
  denyPrivateNetworks: boolean;
  /** SYNCD_ALLOW_NETWORKS: CIDRs allowed whatever the other rules say (checked by `cidrProblem`). */
  allowNetworks: readonly string[];
}

interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** "a.b.c.d/n", "ipv6/n", or a single address (a /32 or /128); null when it is none of these. */
function parseCidr(text: string): Cidr | null {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  if (version === 4) return { address, prefix, family: 'ipv4' };
  const canonical = canonicalAddress(address) ?? address;
  // An IPv4-mapped network (::ffff:10.0.0.0/104) is the IPv4 network it maps, as addresses are.
  if (isIP(canonical) === 4 && prefix >= 96) return { address: canonical, prefix: prefix - 96, family: 'ipv4' };
  return { address, prefix, family: 'ipv6' };
}

/** Why `text` is not a CIDR syncd understands; null when it is one. */
export function cidrProblem(text: string): string | null {
  return parseCidr(text) === null ? `"${text.trim()}" is not a CIDR such as 10.1.0.0/16 or fd12::/16, nor an IP address` : null;
}

/** The entries of a comma-separated list (SYNCD_ALLOW_NETWORKS), blanks dropped. */
export function splitCidrList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A set of networks, IPv4 and IPv6 kept apart so a rule of one family never matches the other. */
class Networks {
  private readonly v4 = new BlockList();
  private readonly v6 = new BlockList();

  constructor(cidrs: readonly string[]) {
    for (const text of cidrs) {
      const cidr = parseCidr(text);
      if (cidr === null) throw new Error(cidrProblem(text) ?? `bad CIDR ${text}`);
      (cidr.family === 'ipv4' ? this.v4 : this.v6).addSubnet(cidr.address, cidr.prefix, cidr.family);
    }
  }

  /** `address` must be canonical (`canonicalAddress`). */
  has(address: string): boolean {
    return isIP(address) === 4 ? this.v4.check(address, 'ipv4') : this.v6.check(address, 'ipv6');
  }
}

/** The 16-bit groups of an IPv6 address (an embedded dotted quad counted as two); null when malformed. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail, extra] = text.split('::');
  if (extra !== undefined) return null;
  const part = (side: string) => (side === '' ? [] : side.split(':').map((group) => Number.parseInt(group, 16)));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  return [...left, ...new Array<number>(tail === undefined ? 0 : missing).fill(0), ...right];
}

/**
 * The address as the policy compares it, or null when `text` is no IP address: brackets and an
 * IPv6 zone (`%eth0`) dropped, and an IPv4-mapped IPv6 address (::ffff:a.b.c.d) turned into the
 * IPv4 address it reaches, so the IPv4 rules apply to it.
 */
export function canonicalAddress(text: string): string | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const address = bare.includes('%') ? bare.slice(0, bare.indexOf('%')) : bare;
  const version = isIP(address);
  if (version === 0) return null;
  if (version === 4) return address;
  const groups = ipv6Groups(address);
  if (groups === null) return address;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (!mapped) return address.toLowerCase();
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The allow list, the always-refused ranges and (when configured) the private ones, built once. */
export class AddressPolicy {
  private readonly allowed: Networks;
  private readonly alwaysRefused = new Networks(ALWAYS_REFUSED_NETWORKS);
  private readonly privateNetworks: Networks | null;

  /** Throws on a CIDR `cidrProblem` refuses; the configuration has checked them already. */
  constructor(readonly config: NetworkPolicyConfig) {
    this.allowed = new Networks(config.allowNetworks);
    this.privateNetworks = config.denyPrivateNetworks ? new Networks(PRIVATE_NETWORKS) : null;
  }

  /**
   * Null when syncd may connect to IP address `address`; otherwise the rule that refuses it
   * (`ALWAYS_REFUSED` or `PRIVATE_REFUSED`). The allow list wins over both rules.
   */
  refusal(address: string): string | null {
    const canonical = canonicalAddress(address);
    if (canonical === null) throw new Error(`${address} is not an IP address`);
    if (this.allowed.has(canonical)) return null;
    if (this.alwaysRefused.has(canonical)) return ALWAYS_REFUSED;
    if (this.privateNetworks?.has(canonical)) return PRIVATE_REFUSED;
    return null;
  }
}

/** "refused to connect to 169.254.169.254 (metadata.example): <rule>"; the host name only when it differs. */
export function refusalText(address: string, hostname: string | null, rule: string): string {
  const named = hostname !== null && hostname !== address ? ` (${hostname})` : '';
  return `refused to connect to ${address}${named}: ${rule}`;
}
