import type { createDocument } from 'zod-openapi';

export type OpenApiDocument = ReturnType<typeof createDocument>;

// zod-openapi names each z.json() of the contracts (a recursive schema) __schemaN, once per use;
// the document shows one JsonValue instead.
const NAME = 'JsonValue';
const REF = `#/components/schemas/${NAME}`;
const ANONYMOUS = /^__schema\d+$/;

/** z.json() as JSON Schema, with its self-references pointing at `ref`. */
function jsonValueShape(ref: string) {
  return {
    anyOf: [
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
      { type: 'null' },
      { type: 'array', items: { $ref: ref } },
      { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { $ref: ref } },
    ],
  };
}

/** The document with every anonymous z.json() component merged into one named JsonValue. */
export function withNamedJsonValue(document: OpenApiDocument): OpenApiDocument {
  const schemas: Record<string, unknown> = document.components?.schemas ?? {};
  const anonymous = Object.keys(schemas).filter(
    (name) => ANONYMOUS.test(name) && JSON.stringify(schemas[name]) === JSON.stringify(jsonValueShape(`#/components/schemas/${name}`)),
  );
  if (anonymous.length === 0) return document;
  const refs = new Set(anonymous.map((name) => `#/components/schemas/${name}`));
  const renamed = JSON.parse(JSON.stringify(document), (key, value: unknown) =>
    key === '$ref' && refs.has(value as string) ? REF : value,
  );
  for (const name of anonymous) delete renamed.components.schemas[name];
  renamed.components.schemas[NAME] = { ...jsonValueShape(REF), description: 'Any JSON value.' };
  return renamed as OpenApiDocument;
}
