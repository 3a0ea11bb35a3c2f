import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { thrownBy } from '../helpers/thrown-by.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the network policy in the configuration', () => {
  it('allows private networks and opens nothing more by default', () => {
    expect(loadConfig(root, {}).network).toEqual({ denyPrivateNetworks: false, allowNetworks: [] });
  });

  it('is read from SYNCD_DENY_PRIVATE_NETWORKS and SYNCD_ALLOW_NETWORKS', () => {
    const env = { SYNCD_DENY_PRIVATE_NETWORKS: 'true', SYNCD_ALLOW_NETWORKS: '127.0.0.2/32, 10.1.0.0/16,fd12::/16' };
    expect(loadConfig(root, env).network).toEqual({
      denyPrivateNetworks: true,
      allowNetworks: ['127.0.0.2/32', '10.1.0.0/16', 'fd12::/16'],
    });
    expect(loadConfig(root, { SYNCD_DENY_PRIVATE_NETWORKS: 'false' }).network.denyPrivateNetworks).toBe(false);
  });

  it('refuses a value that is not true or false, and each bad CIDR, naming the variable and the entry', () => {
    const error = thrownBy(() =>
      loadConfig(root, { SYNCD_DENY_PRIVATE_NETWORKS: 'yes', SYNCD_ALLOW_NETWORKS: '127.0.0.2/32,10.0.0.0/33,intranet' }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as ConfigError;
    expect(message).toContain('environment: SYNCD_DENY_PRIVATE_NETWORKS: must be true or false');
    expect(message).toContain(
      'environment: SYNCD_ALLOW_NETWORKS: "10.0.0.0/33" is not a CIDR such as 10.1.0.0/16 or fd12::/16, nor an IP address',
    );
    expect(message).toContain('environment: SYNCD_ALLOW_NETWORKS: "intranet" is not a CIDR');
    expect(message).not.toContain('"127.0.0.2/32"');
  });
});
