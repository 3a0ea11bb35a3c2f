/** Samples of a Prometheus text exposition, by `name{label="value",...}` with the labels sorted. */
export type Samples = Map<string, number>;

export function sampleKey(name: string, labels: Record<string, string> = {}): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return sorted.length === 0 ? name : `${name}{${sorted.map(([label, value]) => `${label}="${value}"`).join(',')}}`;
}

/** Parses the sample lines (comments skipped); label values are taken as written, escapes and all. */
export function parseSamples(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1]!, label[2]!]));
    samples.set(sampleKey(match[1]!, labels), Number(match[3]));
  }
  return samples;
}

/** GETs a metrics endpoint, fails unless it answers 200 in Prometheus's text format, and parses it. */
export async function scrape(url: string): Promise<{ samples: Samples; text: string }> {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain; version=0.0.4')) {
    throw new Error(`${url} answered content-type ${response.headers.get('content-type')}`);
  }
  return { samples: parseSamples(text), text };
}

/** How much a sample grew between two scrapes (an absent sample counts as 0). */
export function growth(before: Samples, after: Samples, name: string, labels: Record<string, string> = {}): number {
  const key = sampleKey(name, labels);
  return (after.get(key) ?? 0) - (before.get(key) ?? 0);
}
