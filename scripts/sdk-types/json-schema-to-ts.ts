// Prints the JSON Schema that z.toJSONSchema makes of syncd's contracts as a TypeScript type.
// Only the subset those schemas use is supported; anything else throws, so a contract that grows
// a construct this printer does not know fails the generator instead of yielding a looser type.

/** The JSON Schema keywords this printer reads; validation-only keywords (pattern, minLength...) are ignored. */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

/** The one recursive schema the contracts use, z.json(); every $ref must point at one of these. */
export const JSON_VALUE_TYPE = 'JsonValue';
const JSON_VALUE_DEFINITION = `string | number | boolean | null | ${JSON_VALUE_TYPE}[] | { [key: string]: ${JSON_VALUE_TYPE} }`;

const PRIMITIVES: Record<string, string> = { string: 'string', number: 'number', integer: 'number', boolean: 'boolean', null: 'null' };

/** The TypeScript type of `schema`; `$defs` are those of the document `schema` belongs to. */
export function printType(schema: JsonSchema, defs: Record<string, JsonSchema> = schema.$defs ?? {}, indent = ''): string {
  if (schema.$ref !== undefined) return printRef(schema.$ref, defs);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum !== undefined) return union(schema.enum.map((value) => JSON.stringify(value)));
  const members = schema.anyOf ?? schema.oneOf;
  if (members !== undefined) return union(members.map((member) => printType(member, defs, indent)));
  if (schema.allOf !== undefined) return [...new Set(schema.allOf.map((member) => printType(member, defs, indent)))].join(' & ');
  if (Array.isArray(schema.type)) return union(schema.type.map((type) => printType({ type }, defs, indent)));
  if (schema.type === 'array' && schema.items !== undefined) return `${parenthesized(printType(schema.items, defs, indent))}[]`;
  if (schema.type === 'object') return printObject(schema, defs, indent);
  const primitive = schema.type === undefined ? undefined : PRIMITIVES[schema.type];
  if (primitive === undefined) throw new Error(`unsupported JSON Schema: ${JSON.stringify(schema)}`);
  return primitive;
}

function printObject(schema: JsonSchema, defs: Record<string, JsonSchema>, indent: string): string {
  const extra = schema.additionalProperties;
  if (schema.properties === undefined) {
    if (typeof extra !== 'object') throw new Error(`unsupported object schema: ${JSON.stringify(schema)}`);
    if (schema.propertyNames?.enum !== undefined) throw new Error('records with enumerated keys are not supported');
    return `{ [key: string]: ${printType(extra, defs, indent)} }`;
  }
  // Zod's strict objects say additionalProperties: false; a loose one would need an index signature.
  if (extra !== false) throw new Error(`objects must be strict: ${JSON.stringify(Object.keys(schema.properties))}`);
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = Object.entries(schema.properties).map(
    ([name, property]) => `${inner}${name}${required.has(name) ? '' : '?'}: ${printType(property, defs, inner)};`,
  );
  return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${indent}}`;
}

/** Stands for the definition being checked by printRef, so its self-reference prints as JsonValue. */
const SELF: JsonSchema = {};

/** A $ref to a definition shaped like z.json() prints as JsonValue; any other recursion is refused. */
function printRef(ref: string, defs: Record<string, JsonSchema>): string {
  const name = ref.replace('#/$defs/', '');
  const target = defs[name];
  if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
  if (target === SELF) return JSON_VALUE_TYPE;
  const printed = printType(target, { ...defs, [name]: SELF });
  if (printed !== JSON_VALUE_DEFINITION) throw new Error(`unsupported recursive schema ${ref}: ${printed}`);
  return JSON_VALUE_TYPE;
}

/** The declaration of JsonValue, emitted once by the generator. */
export function jsonValueDeclaration(): string {
  return `export type ${JSON_VALUE_TYPE} = ${JSON_VALUE_DEFINITION};`;
}

function union(members: string[]): string {
  return [...new Set(members)].join(' | ');
}

function parenthesized(type: string): string {
  return /^[\w.]+$/.test(type) ? type : `(${type})`;
}
