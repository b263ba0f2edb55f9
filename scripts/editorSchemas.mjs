// The schemas VS Code's JSON support is given (contributes.jsonValidation): the shipped schemas with every
// keyword that can fail taken out, so the editor offers their descriptions, values and defaults on hover and
// completion but never reports a problem. The language server's schema-violation rule is the one place a
// schema error is reported; it follows readiness.artifactsFolder, and its diagnostics carry the rule id.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Keywords whose value is one schema, a list of schemas, or a map of name → schema. */
const oneSchema = ['items', 'additionalItems', 'contains', 'propertyNames', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems'];
const schemaList = ['allOf', 'anyOf', 'prefixItems'];
const schemaMap = ['properties', 'patternProperties', 'definitions', '$defs'];
/** Keywords that only describe. */
const annotations = ['$schema', '$id', '$ref', '$comment', 'title', 'description', 'markdownDescription', 'default', 'examples', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets'];

/** The schema with only what describes and what nests: no keyword that a value can fail. */
export function editorSchema(schema) {
  if (typeof schema !== 'object' || schema === null) return {}; // `false` would reject everything; `true` is `{}`
  const out = {};
  for (const key of annotations) if (key in schema) out[key] = schema[key];
  // Allowed values become examples: offered on completion, never checked.
  const values = [...(schema.enum ?? []), ...('const' in schema ? [schema.const] : [])];
  if (values.length > 0) out.examples = [...(out.examples ?? []), ...values];
  for (const key of oneSchema) {
    if (Array.isArray(schema[key])) out[key] = schema[key].map(editorSchema);
    else if (typeof schema[key] === 'object' && schema[key] !== null) out[key] = editorSchema(schema[key]);
  }
  const alternatives = [...schemaList.flatMap((key) => schema[key] ?? []), ...(schema.oneOf ?? []), ...['then', 'else'].filter((key) => key in schema).map((key) => schema[key])];
  if (alternatives.length > 0) out.anyOf = alternatives.map(editorSchema);
  for (const key of schemaMap) {
    if (schema[key]) out[key] = Object.fromEntries(Object.entries(schema[key]).map(([name, member]) => [name, editorSchema(member)]));
  }
  return out;
}

/** Writes the editor schema of every schema in `from` into `to`. */
export function writeEditorSchemas(from, to) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from).filter((n) => n.endsWith('.schema.json'))) {
    writeFileSync(`${to}/${name}`, JSON.stringify(editorSchema(JSON.parse(readFileSync(`${from}/${name}`, 'utf8')))) + '\n');
  }
}
