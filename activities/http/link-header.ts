const LINK_PATTERN = /<([^>]*)>((?:\s*;\s*[^;,=]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
const REL_PATTERN = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i;

/** The target of rel="next" in an RFC 8288 Link header, resolved against the request's URL. */
export function nextLink(header: string | null, requestUrl: string): string | null {
  if (!header) return null;
  for (const match of header.matchAll(LINK_PATTERN)) {
    const rel = REL_PATTERN.exec(match[2] ?? '');
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next') && match[1] !== undefined) return new URL(match[1], requestUrl).toString();
  }
  return null;
}
