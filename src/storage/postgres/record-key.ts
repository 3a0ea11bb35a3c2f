// PostgreSQL text cannot hold U+0000, which a source's unique key may contain (SQLite stores it).
// Keys are stored with backslash and NUL escaped, a reversible mapping that leaves every other key
// as it is; only a key holding either character costs more than a test.

const NEEDS_ESCAPE = /[\\\0]/;

export function toStoredKey(key: string): string {
  return NEEDS_ESCAPE.test(key) ? key.replace(/\\/g, '\\\\').replace(/\0/g, '\\0') : key;
}

export function fromStoredKey(stored: string): string {
  return stored.includes('\\') ? stored.replace(/\\(\\|0)/g, (_, escaped: string) => (escaped === '0' ? '\0' : '\\')) : stored;
}
