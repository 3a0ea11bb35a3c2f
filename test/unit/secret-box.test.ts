import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/storage/secret-box.js';

function tamper(sealed: string, partIndex: number): string {
  const parts = sealed.split(':');
  const part = Buffer.from(parts[partIndex] ?? '', 'base64url');
  part[0] = (part[0] ?? 0) ^ 0x01;
  parts[partIndex] = part.toString('base64url');
  return parts.join(':');
}

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed', () => {
    for (const plaintext of ['s3cret', '', 'ünïcødé 🔑', 'x'.repeat(10_000)]) {
      expect(box.open(box.seal(plaintext))).toBe(plaintext);
    }
  });

  it('seals to v1:<iv>:<tag>:<ciphertext> without the plaintext in it', () => {
    const sealed = box.seal('my-password');
    expect(sealed).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('my-password');
  });

  it('gives a different ciphertext each time', () => {
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('same');
    expect(box.open(b)).toBe('same');
  });

  it('fails to open tampered data', () => {
    const sealed = box.seal('do not touch');
    expect(() => box.open(tamper(sealed, 1))).toThrow();
    expect(() => box.open(tamper(sealed, 2))).toThrow();
    expect(() => box.open(tamper(sealed, 3))).toThrow();
    expect(() => box.open(sealed.replace(/^v1:/, 'v2:'))).toThrow('not a sealed secret');
    expect(() => box.open('not sealed at all')).toThrow('not a sealed secret');
  });

  it('fails to open data sealed with another key', () => {
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(box.seal('mine'))).toThrow();
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('32 bytes');
    expect(() => new SecretBox(randomBytes(33))).toThrow('32 bytes');
    expect(() => new SecretBox(Buffer.alloc(0))).toThrow('32 bytes');
  });
});
