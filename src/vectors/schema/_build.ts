// Builders for the JSON Schema 2020-12 documents of the golden vectors: every object closed
// (additionalProperties: false) and every property required unless named optional, so that ajv's
// strict mode accepts the schemas and a consumer can trust the shape it reads.

export type Schema = Readonly<Record<string, unknown>>;

export function ref(name: string): Schema {
  return { $ref: `#/$defs/${name}` };
}

export function str(pattern?: string, description?: string): Schema {
  return { type: 'string', ...(pattern !== undefined ? { pattern } : {}), ...(description !== undefined ? { description } : {}) };
}

export function int(minimum: number, maximum: number, description?: string): Schema {
  return { type: 'integer', minimum, maximum, ...(description !== undefined ? { description } : {}) };
}

export function bool(description?: string): Schema {
  return { type: 'boolean', ...(description !== undefined ? { description } : {}) };
}

export function oneOfConst(values: readonly (string | number | boolean)[], description?: string): Schema {
  return { enum: [...values], ...(description !== undefined ? { description } : {}) };
}

export function arr(items: Schema, opts: { min?: number; max?: number; unique?: boolean; description?: string } = {}): Schema {
  return {
    type: 'array',
    items,
    ...(opts.min !== undefined ? { minItems: opts.min } : {}),
    ...(opts.max !== undefined ? { maxItems: opts.max } : {}),
    ...(opts.unique ? { uniqueItems: true } : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
  };
}

/** A closed object: all properties required except those listed as optional. */
export function obj(properties: Readonly<Record<string, Schema>>, optional: readonly string[] = [], description?: string): Schema {
  const required = Object.keys(properties).filter((k) => !optional.includes(k));
  return {
    type: 'object',
    properties,
    required,
    additionalProperties: false,
    ...(description !== undefined ? { description } : {}),
  };
}

/** A closed map from names matching `keyPattern` to values of one schema. */
export function dict(keyPattern: string, values: Schema, description?: string): Schema {
  return {
    type: 'object',
    propertyNames: { type: 'string', pattern: keyPattern },
    additionalProperties: values,
    ...(description !== undefined ? { description } : {}),
  };
}
