import { describe, expect, it } from 'vitest';
import {
  AddressPolicy,
  ALWAYS_REFUSED,
  canonicalAddress,
  cidrProblem,
  PRIVATE_REFUSED,
  refusalText,
  splitCidrList,
} from '../../src/network/address-policy.js';
import { literalRefusal } from '../../src/network/url-host.js';

const lenient = new AddressPolicy({ denyPrivateNetworks: false, allowNetworks: [] });
const strict = new AddressPolicy({ denyPrivateNetworks: true, allowNetworks: [] });

/** Link-local and metadata addresses, each range's edges included, in every spelling a connect can reach. */
const ALWAYS = [
  '169.254.0.0',
  '169.254.169.254',
  '169.254.255.255',
  '100.100.100.200',
  'fe80::',
  'fe80::1',
  'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  'fd00:ec2::254',
  'FD00:EC2:0:0:0:0:0:254',
  '::ffff:169.254.169.254',
  '::ffff:a9fe:a9fe',
  '0:0:0:0:0:ffff:a9fe:a9fe',
  '::ffff:100.100.100.200',
  '[fe80::1]',
  'fe80::1%eth0',
];

/** Loopback, RFC 1918, CGNAT and ULA, edges included, and their IPv4-mapped forms. */
const PRIVATE = [
  '127.0.0.1',
  '127.0.0.2',
  '127.255.255.255',
  '0.0.0.0',
  '10.0.0.0',
  '10.255.255.255',
  '172.16.0.0',
  '172.31.255.255',
  '192.168.0.0',
  '192.168.255.255',
  '100.64.0.0',
  '100.127.255.255',
  '100.100.100.199',
  '::1',
  '::',
  'fc00::',
  'fd12:3456::1',
  'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::ffff:10.1.2.3',
  '::ffff:192.168.1.1',
];

/** Public addresses, among them the neighbours of every refused range. */
const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '169.253.255.255',
  '169.255.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '192.167.255.255',
  '192.169.0.0',
  '11.0.0.0',
  '128.0.0.0',
  '1.0.0.0',
  '2001:4860:4860::8888',
  'fec0::1',
  'fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  'fe00::1',
  '::2',
  '::ffff:8.8.8.8',
  '64:ff9b::8.8.8.8',
];

describe('the address policy', () => {
  it.each(ALWAYS)('always refuses link-local or metadata address %s, private networks denied or not', (address) => {
    expect(lenient.refusal(address)).toBe(ALWAYS_REFUSED);
    expect(strict.refusal(address)).toBe(ALWAYS_REFUSED);
  });

  it.each(PRIVATE)('refuses private address %s only when private networks are denied', (address) => {
    expect(lenient.refusal(address)).toBeNull();
    expect(strict.refusal(address)).toBe(PRIVATE_REFUSED);
  });

  it.each(PUBLIC)('allows public address %s', (address) => {
    expect(lenient.refusal(address)).toBeNull();
    expect(strict.refusal(address)).toBeNull();
  });

  it('allows the allow list whatever the other rules say, and nothing beyond it', () => {
    const policy = new AddressPolicy({
      denyPrivateNetworks: true,
      allowNetworks: ['127.0.0.2/32', '10.1.0.0/16', 'fd12::/16', '169.254.169.254', '::ffff:192.168.7.0/120'],
    });
    expect(policy.refusal('127.0.0.2')).toBeNull();
    expect(policy.refusal('::ffff:127.0.0.2')).toBeNull();
    expect(policy.refusal('127.0.0.1')).toBe(PRIVATE_REFUSED);
    expect(policy.refusal('10.1.255.255')).toBeNull();
    expect(policy.refusal('10.2.0.0')).toBe(PRIVATE_REFUSED);
    expect(policy.refusal('fd12::1')).toBeNull();
    expect(policy.refusal('fd13::1')).toBe(PRIVATE_REFUSED);
    // An operator may open a metadata address on purpose; its neighbours stay refused.
    expect(policy.refusal('169.254.169.254')).toBeNull();
    expect(policy.refusal('169.254.169.253')).toBe(ALWAYS_REFUSED);
    // A mapped network is the IPv4 network it maps.
    expect(policy.refusal('192.168.7.9')).toBeNull();
    expect(policy.refusal('192.168.8.1')).toBe(PRIVATE_REFUSED);
  });

  it('keeps the families apart: an IPv6 rule never matches an IPv4 address', () => {
    const policy = new AddressPolicy({ denyPrivateNetworks: true, allowNetworks: ['::/0'] });
    expect(policy.refusal('fd00::1')).toBeNull();
    expect(policy.refusal('10.0.0.1')).toBe(PRIVATE_REFUSED);
  });

  it('throws on what is not an IP address, and on a bad allow list', () => {
    expect(() => lenient.refusal('metadata.example')).toThrow('metadata.example is not an IP address');
    expect(() => new AddressPolicy({ denyPrivateNetworks: false, allowNetworks: ['10.0.0.0/33'] })).toThrow('"10.0.0.0/33" is not a CIDR');
  });
});

describe('CIDRs', () => {
  it.each(['127.0.0.2/32', '10.1.0.0/16', '0.0.0.0/0', ' 192.168.0.0/24 ', 'fd12::/16', '::/0', '10.0.0.1', '::1', '::ffff:10.0.0.0/104'])(
    'accepts %j',
    (text) => expect(cidrProblem(text)).toBeNull(),
  );

  it.each([
    '10.0.0.0/33',
    'fd12::/129',
    '10.0.0/8',
    'example.com/8',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.0/-1',
    '10.0.0.0/1e1',
    '',
    '300.0.0.0/8',
  ])('refuses %j, saying what a CIDR looks like', (text) =>
    expect(cidrProblem(text)).toBe(`"${text.trim()}" is not a CIDR such as 10.1.0.0/16 or fd12::/16, nor an IP address`),
  );

  it('splits a comma-separated list, dropping blanks and spaces', () => {
    expect(splitCidrList(' 127.0.0.2/32, 10.1.0.0/16 ,,')).toEqual(['127.0.0.2/32', '10.1.0.0/16']);
    expect(splitCidrList('')).toEqual([]);
  });
});

describe('canonical addresses', () => {
  it('unwrap brackets, zones and IPv4-mapped IPv6; host names are none', () => {
    expect(canonicalAddress('[::1]')).toBe('::1');
    expect(canonicalAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(canonicalAddress('::ffff:169.254.169.254')).toBe('169.254.169.254');
    expect(canonicalAddress('::FFFF:A9FE:A9FE')).toBe('169.254.169.254');
    expect(canonicalAddress('FD00:EC2::254')).toBe('fd00:ec2::254');
    expect(canonicalAddress('10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalAddress('localhost')).toBeNull();
    expect(canonicalAddress('169.254.169.254.nip.io')).toBeNull();
  });

  it('word a refusal with the address, the host name when it differs, and the rule', () => {
    expect(refusalText('169.254.169.254', 'metadata.example', ALWAYS_REFUSED)).toBe(
      'refused to connect to 169.254.169.254 (metadata.example): link-local and cloud metadata addresses are always refused',
    );
    expect(refusalText('127.0.0.1', '127.0.0.1', PRIVATE_REFUSED)).toBe(
      'refused to connect to 127.0.0.1: private networks are refused (SYNCD_DENY_PRIVATE_NETWORKS=true)',
    );
  });
});

describe('literal URL hosts', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', '169.254.169.254'],
    ['http://169.254.169.254./', '169.254.169.254', '169.254.169.254'],
    ['http://2852039166/', '169.254.169.254', '169.254.169.254'],
    ['http://0xa9fea9fe/', '169.254.169.254', '169.254.169.254'],
    ['http://0251.0376.0251.0376/', '169.254.169.254', '169.254.169.254'],
    ['https://[::ffff:169.254.169.254]:8443/x', '169.254.169.254', '::ffff:a9fe:a9fe'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254', 'fd00:ec2::254'],
    ['http://[fe80::1]/', 'fe80::1', 'fe80::1'],
    ['http://100.100.100.200/', '100.100.100.200', '100.100.100.200'],
  ])('refuses %s, whatever the configuration', (url, address, host) => {
    expect(literalRefusal(new URL(url), lenient)).toEqual({ address, host, rule: ALWAYS_REFUSED });
  });

  it.each(['http://127.0.0.1:3000/', 'http://127.1/', 'http://0/', 'http://[::1]/', 'http://10.1.2.3/', 'http://[fd12::1]/'])(
    'refuses private %s only when private networks are denied',
    (url) => {
      expect(literalRefusal(new URL(url), lenient)).toBeNull();
      expect(literalRefusal(new URL(url), strict)?.rule).toBe(PRIVATE_REFUSED);
    },
  );

  it('leaves host names to the connect-time check, and allows public addresses', () => {
    for (const url of ['http://localhost/', 'http://metadata.google.internal/', 'https://api.example.com/', 'http://8.8.8.8/']) {
      expect(literalRefusal(new URL(url), strict)).toBeNull();
    }
  });
});
