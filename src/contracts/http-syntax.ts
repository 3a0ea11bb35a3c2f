import { z } from 'zod';

/** RFC 9110 token: what a header name may be; fetch() throws on anything else. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** RFC 9110 field-value characters: no CR, LF, NUL or other controls, nothing fetch() cannot send. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds.
const CONTROL = /[\x00-\x1f\x7f]/;

export const headerName = z.string().regex(TOKEN, "must be a header name: letters, digits and !#$%&'*+.^_`|~- only");
export const headerValue = z.string().regex(FIELD_VALUE, 'must not contain line breaks, control characters or characters beyond Latin-1');
export const queryParamName = z
  .string()
  .min(1)
  .refine((name) => !CONTROL.test(name), { error: 'must not contain control characters' });

export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

export function isHeaderValue(value: string): boolean {
  return FIELD_VALUE.test(value);
}
