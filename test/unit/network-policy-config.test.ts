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

  it('refuses a default webhook URL at an address the policy refuses, and takes it once the allow list opens it', () => {
    const metadata = thrownBy(() => loadConfig(root, { SYNCD_WEBHOOK_URL: 'http://169.254.169.254/hook' }));
    expect(metadata).toBeInstanceOf(ConfigError);
    expect((metadata as ConfigError).message).toContain(
      'environment: SYNCD_WEBHOOK_URL: syncd does not connect to 169.254.169.254: link-local and cloud metadata addresses are always refused',
    );
    const local = { SYNCD_WEBHOOK_URL: 'http://127.0.0.1:9000/hook', SYNCD_DENY_PRIVATE_NETWORKS: 'true' };
    expect((thrownBy(() => loadConfig(root, local)) as ConfigError).message).toContain(
      'environment: SYNCD_WEBHOOK_URL: syncd does not connect to 127.0.0.1: private networks are refused (SYNCD_DENY_PRIVATE_NETWORKS=true)',
    );
    expect(loadConfig(root, { ...local, SYNCD_ALLOW_NETWORKS: '127.0.0.1' }).webhooks.defaultUrl).toBe('http://127.0.0.1:9000/hook');
    expect(loadConfig(root, { SYNCD_WEBHOOK_URL: 'http://127.0.0.1:9000/hook' }).webhooks.defaultUrl).toBe('http://127.0.0.1:9000/hook');
  });
});
