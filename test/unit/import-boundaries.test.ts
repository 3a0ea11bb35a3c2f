import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * Which top-level folders each folder may not import from: library code never reaches the
 * composition root (app/) or the entry points, and the composition root never the entry points.
 */
const FORBIDDEN: Record<string, string[]> = {
  src: ['app', 'worker', 'scripts', 'bench', 'test'],
  activities: ['app', 'worker', 'scripts', 'bench', 'test'],
  workflows: ['app', 'worker', 'scripts', 'bench', 'test'],
  app: ['worker', 'scripts', 'bench', 'test'],
};

/** `import ... from '...'`, `export ... from '...'`, `import('...')` and `import '...'`. */
const SPECIFIER = new RegExp(
  [
    String.raw`\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]`,
    String.raw`\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)`,
    String.raw`\bimport\s+['"]([^'"]+)['"]`,
  ].join('|'),
  'g',
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The top-level folder each relative import of `file` lands in. */
function importedFolders(file: string): { specifier: string; folder: string }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)]
    .map((match) => match[1] ?? match[2] ?? match[3]!)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({ specifier, folder: path.relative(root, path.resolve(path.dirname(file), specifier)).split(path.sep)[0]! }));
}

describe('import boundaries', () => {
  it('the scan sees imports across folders', () => {
    expect(importedFolders(path.join(root, 'worker', 'main.ts')).map((found) => found.folder)).toContain('app');
  });

  for (const [folder, forbidden] of Object.entries(FORBIDDEN)) {
    it(`nothing under ${folder}/ imports ${forbidden.map((name) => `${name}/`).join(', ')}`, () => {
      const crossings = sourceFiles(path.join(root, folder)).flatMap((file) =>
        importedFolders(file)
          .filter((found) => forbidden.includes(found.folder))
          .map((found) => `${path.relative(root, file)} imports ${found.specifier}`),
      );
      expect(crossings).toEqual([]);
    });
  }
});
