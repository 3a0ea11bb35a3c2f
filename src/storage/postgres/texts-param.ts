/**
 * Strings (a page's keys, JSON texts, hashes) as one statement parameter: a JSON array, which the
 * statement unpacks with json_array_elements_text($n::json). As a text[] parameter, pg escapes each
 * string with two regex replaces and concatenates them, about 6 MB of short-lived strings a page of
 * 1,000 records, and the scavenges they cause carry the page's texts into V8's old generation,
 * growing the worker. The array is serialized only as the statement is sent (pg calls toPostgres
 * then): made up front, the large string would stay referenced by the query until its answer, and
 * V8 promotes a large object at the first scavenge it survives.
 */
export function textsParam(texts: readonly string[]): { toPostgres(): string } {
  return { toPostgres: () => JSON.stringify(texts) };
}
