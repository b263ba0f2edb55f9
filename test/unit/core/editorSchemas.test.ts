// The schemas VS Code's JSON support is given (dist/schemas, written by the build) describe the files but
// never fail a value: schema errors are reported once, by the schema-violation rule.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { schemaDocuments } from '../../../server/src/core/schemas/registry';
import { repoRoot } from '../../support/paths';

const editorSchema = (id: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, 'dist', 'schemas', `${id}.schema.json`), 'utf8'));

/** Every string a schema offers a reader: descriptions and titles at any depth. */
function describedTexts(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => describedTexts(s, into));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if ((key === 'description' || key === 'title') && typeof value === 'string') into.add(value);
      else describedTexts(value, into);
    }
  }
  return into;
}

/** Values the shipped schema rejects: the wrong kind of document, and an example report with a field of the wrong type and a member it does not allow. */
function rejectedValues(id: string): unknown[] {
  const example = path.join(repoRoot, 'examples', 'agent-skills', 'artifacts', `${id}.json`);
  const values: unknown[] = [42, 'text', null, [], {}];
  if (fs.existsSync(example)) {
    const report = JSON.parse(fs.readFileSync(example, 'utf8'));
    values.push({ ...report, status: 7, contract: false, unexpected_member: true });
  }
  return values;
}

describe('editor schemas (contributes.jsonValidation)', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const id of Object.keys(schemaDocuments) as (keyof typeof schemaDocuments)[]) {
    it(`${id}: accepts every value the shipped schema rejects, and keeps every description`, () => {
      const shipped = ajv.compile(schemaDocuments[id]);
      const editor = ajv.compile(editorSchema(id));
      const values = rejectedValues(id).filter((value) => !shipped(value));
      assert.ok(values.length > 0, 'the shipped schema rejects some of the values');
      for (const value of values) assert.equal(editor(value), true, `${JSON.stringify(value).slice(0, 80)}: ${ajv.errorsText(editor.errors)}`);
      assert.deepEqual([...describedTexts(editorSchema(id))].sort(), [...describedTexts(schemaDocuments[id])].sort());
    });
  }

  it('package.json gives VS Code an editor schema for every report name wherever its folder is, and for the fixed files', () => {
    const { contributes } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const entries: { fileMatch: string; url: string }[] = contributes.jsonValidation;
    for (const { fileMatch, url } of entries) {
      assert.match(url, /^\.\/dist\/schemas\/[\w-]+\.schema\.json$/, fileMatch);
      assert.ok(fs.existsSync(path.join(repoRoot, url)), url);
      assert.ok(!fileMatch.includes('artifacts/'), `${fileMatch}: the artifacts folder is a setting`);
    }
    const contributed = new Set(entries.map((e) => path.basename(e.url, '.schema.json')));
    assert.deepEqual([...contributed].sort(), Object.keys(schemaDocuments).sort());
  });
});
