/**
 * The validator of each schema, compiled by ajv when first asked for. The bundles replace this module with
 * the same validators compiled at build time (`scripts/schemaValidators.mjs`), so that no process pays for
 * the compilation; tests run this one, and compare the two.
 */
import Ajv, { ValidateFunction } from 'ajv';
import ajvOptions from './ajvOptions.json';
import { schemaDocuments, SchemaId } from './documents';

const ajv = new Ajv(ajvOptions);
const compiled = new Map<SchemaId, ValidateFunction>();

export function validatorFor(id: SchemaId): ValidateFunction {
  let validate = compiled.get(id);
  if (!validate) {
    validate = ajv.compile(schemaDocuments[id]);
    compiled.set(id, validate);
  }
  return validate;
}
