import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.js';

let dir: string;
let bin: string;
let emptyBin: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-chromium-'));
  bin = path.join(dir, 'bin');
  emptyBin = path.join(dir, 'empty');
  await Promise.all([mkdir(bin), mkdir(emptyBin)]);
  await writeFile(path.join(bin, 'chromium-browser'), '#!/bin/sh\n');
  await chmod(path.join(bin, 'chromium-browser'), 0o755);
  // Not executable: found by name, but not a browser one can start.
  await writeFile(path.join(emptyBin, 'chromium'), '');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the browser tests’ Chromium', () => {
  it('is SYNCD_CHROMIUM_PATH when set', () => {
    const file = path.join(bin, 'chromium-browser');
    expect(chromiumPath({ SYNCD_CHROMIUM_PATH: file, PATH: emptyBin })).toBe(file);
  });

  it('refuses a SYNCD_CHROMIUM_PATH that is not an executable, naming it', () => {
    const missing = path.join(dir, 'no-such-chromium');
    expect(() => chromiumPath({ SYNCD_CHROMIUM_PATH: missing, PATH: bin })).toThrow(
      `SYNCD_CHROMIUM_PATH=${missing} is not an executable file`,
    );
  });

  it('is found on PATH as chromium-browser, skipping a non-executable chromium', () => {
    expect(chromiumPath({ PATH: [emptyBin, bin].join(path.delimiter) })).toBe(path.join(bin, 'chromium-browser'));
  });

  it('fails, saying to install Debian’s chromium, when there is none', () => {
    expect(() => chromiumPath({ PATH: emptyBin })).toThrow(/install Debian's chromium package \(apt-get install chromium\)/);
    expect(() => chromiumPath({})).toThrow(/SYNCD_CHROMIUM_PATH/);
  });
});
