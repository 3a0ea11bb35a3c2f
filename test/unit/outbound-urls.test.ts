import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/api/errors.js';
import { checkOutboundUrls, type OutboundUrlFields } from '../../src/api/outbound-urls.js';
import { AddressPolicy } from '../../src/network/address-policy.js';
import { thrownBy } from '../helpers/thrown-by.js';

const lenient = new AddressPolicy({ denyPrivateNetworks: false, allowNetworks: [] });
const strict = new AddressPolicy({ denyPrivateNetworks: true, allowNetworks: ['10.1.0.0/16'] });
const oauth = (token_url: string) =>
  ({ type: 'oauth2_client_credentials', token_url, client_id: 'client', client_secret: 'client-secret-1' }) as const;

function details(body: OutboundUrlFields, policy: AddressPolicy) {
  const error = thrownBy(() => checkOutboundUrls(body, policy));
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).details;
}

describe('the URL fields of a create body or patch', () => {
  it('are refused, each by its field, when their literal host is a link-local or metadata address, whatever the configuration', () => {
    const body = {
      url: 'http://169.254.169.254/latest/meta-data/',
      auth: oauth('http://[fd00:ec2::254]/token'),
      webhook_url: 'http://100.100.100.200/hook',
      allowed_origins: ['https://api.example.com', 'http://[::ffff:169.254.169.254]'],
    };
    const always = 'link-local and cloud metadata addresses are always refused';
    const expected = [
      { field: 'url', message: `syncd does not connect to 169.254.169.254: ${always}` },
      { field: 'auth.token_url', message: `syncd does not connect to fd00:ec2::254: ${always}` },
      { field: 'webhook_url', message: `syncd does not connect to 100.100.100.200: ${always}` },
      { field: 'allowed_origins.1', message: `syncd does not connect to 169.254.169.254: ${always}` },
    ];
    expect(details(body, lenient)).toEqual(expected);
    expect(details(body, strict)).toEqual(expected);
  });

  it('are refused for a private literal only when private networks are denied and the allow list does not open it', () => {
    const body = { url: 'http://127.0.0.1:8080/items', webhook_url: 'http://10.1.2.3/hook', auth: oauth('http://192.168.1.1/token') };
    expect(() => checkOutboundUrls(body, lenient)).not.toThrow();
    expect(details(body, strict)).toEqual([
      { field: 'url', message: 'syncd does not connect to 127.0.0.1: private networks are refused (SYNCD_DENY_PRIVATE_NETWORKS=true)' },
      {
        field: 'auth.token_url',
        message: 'syncd does not connect to 192.168.1.1: private networks are refused (SYNCD_DENY_PRIVATE_NETWORKS=true)',
      },
    ]);
  });

  it('pass host names, public addresses, cleared fields and other auth types: host names are checked when they are resolved', () => {
    const body = {
      url: 'http://localhost:8080/items',
      auth: { type: 'bearer', token: 'a-token-0123' } as const,
      webhook_url: null,
      allowed_origins: null,
    };
    expect(() => checkOutboundUrls(body, strict)).not.toThrow();
    expect(() => checkOutboundUrls({ url: 'https://8.8.8.8/', auth: oauth('http://metadata.google.internal/') }, strict)).not.toThrow();
    expect(() => checkOutboundUrls({}, strict)).not.toThrow();
  });
});
