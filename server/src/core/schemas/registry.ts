import type { ErrorObject } from 'ajv';
import { schemaDocuments, SchemaId } from './documents';
import { validatorFor } from './validators';

export { schemaDocuments } from './documents';
export type { SchemaId } from './documents';

/** A schema violation at a JSON pointer into the validated document. */
export interface SchemaProblem {
  /** Pointer of the value the problem is about (for a missing property: its parent). */
  pointer: string;
  /** Pointer of the offending member itself, when it exists (an unexpected property's key). */
  memberPointer?: string;
  keyword: string;
  /** What is wrong, as a clause without a final full stop (callers end the sentence). */
  message: string;
}

/** Problems per parsed value and schema: parses are reused while a file is unchanged, so are their verdicts. */
const validated = new WeakMap<object, Map<SchemaId, SchemaProblem[]>>();

export function validateAgainstSchema(id: SchemaId, value: unknown): SchemaProblem[] {
  if (value === null || typeof value !== 'object') return computeProblems(id, value);
  let bySchema = validated.get(value);
  if (!bySchema) validated.set(value, (bySchema = new Map()));
  let problems = bySchema.get(id);
  if (!problems) bySchema.set(id, (problems = computeProblems(id, value)));
  return problems;
}

function computeProblems(id: SchemaId, value: unknown): SchemaProblem[] {
  const validate = validatorFor(id);
  if (validate(value)) return [];
  // if/then branches report a failing "if" beside the real errors; those say nothing to a reader.
  return (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describe);
}

/** The values an `enum` allows at a top-level property, e.g. the accepted `contract` strings. */
export function allowedValues(id: SchemaId, property: string): readonly unknown[] | undefined {
  const schema = schemaDocuments[id] as { properties?: Record<string, { enum?: unknown[]; const?: unknown }> };
  const member = schema.properties?.[property];
  if (!member) return undefined;
  return member.enum ?? ('const' in member ? [member.const] : undefined);
}

function describe(error: ErrorObject): SchemaProblem {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { pointer: at, keyword: 'required', message: `Missing required property "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return { pointer: at, memberPointer: `${at}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, keyword: 'additionalProperties', message: `Property "${name}" is not allowed here` };
    }
    case 'enum':
      return { pointer: at, keyword: 'enum', message: `${label(at)} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { pointer: at, keyword: 'const', message: `${label(at)} must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { pointer: at, keyword: 'type', message: `${label(at)} must be of type ${String(params.type)}` };
    default:
      return { pointer: at, keyword: error.keyword, message: `${label(at)} ${error.message ?? 'is invalid'}` };
  }
}

function label(pointer: string): string {
  if (pointer === '') return 'The document';
  return '"' + pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.') + '"';
}
