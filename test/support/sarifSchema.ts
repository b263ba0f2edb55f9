import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

// The SARIF 2.1.0 schema (the rtm.5 text, a JSON Schema draft-04 document) as @microsoft/jest-sarif ships it.
// Its language-tag pattern is not a valid Unicode regular expression, hence unicodeRegExp: false.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));

/** The schema's complaints about a SARIF log, as "path message" lines; none for a valid log. */
export function validateSarif(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
