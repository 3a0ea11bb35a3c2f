import { createHash, type Hash } from 'node:crypto';

/** Characters of a fingerprint: 48 bits of SHA-256, so a false repeat is about 1 in 10^8 per 1,000 pages. */
const FINGERPRINT_CHARS = 8;

/** A short fingerprint of a value, or of a hash fed with one; never the value itself (a URL may carry a key). */
export function fingerprint(value: string | Hash): string {
  const hash = typeof value === 'string' ? createHash('sha256').update(value) : value;
  return hash.digest('base64url').slice(0, FINGERPRINT_CHARS);
}

/** What a `RepeatGuard` keeps in a checkpoint: a constant size, however many pages went by. */
export interface RepeatState {
  /** The most recent fingerprints, oldest first, concatenated. */
  recent: string;
  /** Brent's cycle detection: every fingerprint is compared with this one, moved at powers of two. */
  anchor: string | null;
  power: number;
  steps: number;
}

/**
 * Remembers the fingerprints of the last `windowSize` values exactly, and catches a longer cycle
 * with Brent's algorithm: once an API loops over any number of values, a repeat is seen within
 * about twice the loop's length. Memory and checkpoint size stay constant; `has`/`add` make it a
 * drop-in for a Set of fingerprints.
 */
export class RepeatGuard {
  private readonly order: string[] = [];
  private readonly window = new Set<string>();
  private anchor: string | null = null;
  private power = 1;
  private steps = 0;

  constructor(private readonly windowSize: number) {}

  /**
   * The guard a checkpoint kept; a state of another shape (an older worker's) gives what can be
   * read of it: the `seen` list of full SHA-256 fingerprints older checkpoints carried, else nothing.
   */
  static restore(windowSize: number, state: unknown, legacySeen?: unknown): RepeatGuard {
    const guard = new RepeatGuard(windowSize);
    if (isRepeatState(state)) {
      for (let at = 0; at < state.recent.length; at += FINGERPRINT_CHARS) guard.remember(state.recent.slice(at, at + FINGERPRINT_CHARS));
      guard.anchor = state.anchor;
      guard.power = state.power;
      guard.steps = state.steps;
    } else if (Array.isArray(legacySeen)) {
      for (const item of legacySeen.slice(-windowSize)) if (typeof item === 'string') guard.remember(item.slice(0, FINGERPRINT_CHARS));
    }
    return guard;
  }

  has(print: string): boolean {
    return this.window.has(print) || this.anchor === print;
  }

  add(print: string): void {
    this.remember(print);
    this.steps += 1;
    if (this.steps >= this.power) {
      this.anchor = print;
      this.power *= 2;
      this.steps = 0;
    }
  }

  snapshot(): RepeatState {
    return { recent: this.order.join(''), anchor: this.anchor, power: this.power, steps: this.steps };
  }

  private remember(print: string): void {
    if (this.window.has(print)) return;
    this.order.push(print);
    this.window.add(print);
    if (this.order.length > this.windowSize) this.window.delete(this.order.shift()!);
  }
}

function isRepeatState(value: unknown): value is RepeatState {
  if (value === null || typeof value !== 'object') return false;
  const state = value as Record<string, unknown>;
  return (
    typeof state.recent === 'string' &&
    state.recent.length % FINGERPRINT_CHARS === 0 &&
    (state.anchor === null || (typeof state.anchor === 'string' && state.anchor.length === FINGERPRINT_CHARS)) &&
    Number.isSafeInteger(state.power) &&
    (state.power as number) >= 1 &&
    Number.isSafeInteger(state.steps) &&
    (state.steps as number) >= 0
  );
}
