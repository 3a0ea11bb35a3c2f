import { describe, expect, it } from 'vitest';
import { hostName, isAllowedHost } from '../../src/api/host-check.js';
import { isJsonContentType } from '../../src/api/json-only.js';

describe('the Host rule of a loopback-bound API', () => {
  it.each(['localhost', 'localhost:3003', '127.0.0.1', '127.0.0.1:80', '[::1]', '[::1]:3003', 'LocalHost:1'])('lets %s through', (host) => {
    expect(isAllowedHost(host, [])).toBe(true);
  });

  it.each(['evil.example', 'evil.example:3003', 'localhost.evil.example', '127.0.0.1.nip.io', '127.0.0.2', '[::2]', ''])(
    'refuses %j',
    (host) => {
      expect(isAllowedHost(host, [])).toBe(false);
    },
  );

  it('refuses a request without a Host header', () => {
    expect(isAllowedHost(undefined, [])).toBe(false);
  });

  it('lets the names of SYNCD_PUBLIC_HOSTS through on any port, and no others', () => {
    const publicHosts = ['syncd.example'];
    expect(isAllowedHost('syncd.example:8443', publicHosts)).toBe(true);
    expect(isAllowedHost('SYNCD.example', publicHosts)).toBe(true);
    expect(isAllowedHost('other.example', publicHosts)).toBe(false);
    expect(isAllowedHost('syncd.example.evil', publicHosts)).toBe(false);
  });

  it('reads the name of a Host header without its port', () => {
    expect(hostName('Example.com:80')).toBe('example.com');
    expect(hostName('[::1]:3003')).toBe('[::1]');
    expect(hostName('[::1]')).toBe('[::1]');
  });
});

describe('the JSON rule of changes', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])('accepts %j', (type) => {
    expect(isJsonContentType(type)).toBe(true);
  });

  it.each([undefined, '', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx'])(
    'refuses %j',
    (type) => {
      expect(isJsonContentType(type)).toBe(false);
    },
  );
});
