// The bundles validate with the schemas compiled at build time (dist/schemaValidators.js, ajv's standalone
// code); the engine under test here compiles them at run time. Both must say the same of every value.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { schemaDocuments, SchemaId } from '../../../server/src/core/schemas/registry';
import { validatorFor } from '../../../server/src/core/schemas/validators';
import { repoRoot } from '../../support/paths';

const precompiled = require(path.join(repoRoot, 'dist', 'schemaValidators.js')) as Record<string, ValidateFunction> & { validatorFor(id: SchemaId): ValidateFunction };

function jsonFilesUnder(dir: string, into: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) jsonFilesUnder(file, into);
    else if (entry.name.endsWith('.json')) into.push(file);
  }
  return into;
}

/** Every JSON document of the fixtures and the example that parses, and a few values of the wrong shape. */
function documents(): { name: string; value: unknown }[] {
  const docs: { name: string; value: unknown }[] = [];
  for (const file of [...jsonFilesUnder(path.join(repoRoot, 'test', 'fixtures')), ...jsonFilesUnder(path.join(repoRoot, 'examples'))]) {
    try {
      docs.push({ name: path.relative(repoRoot, file), value: JSON.parse(fs.readFileSync(file, 'utf8')) });
    } catch {
      // a fixture of broken JSON: no value to validate
    }
  }
  for (const value of [null, 0, 'text', [], {}, [{}], { status: 7, summary: [] }]) docs.push({ name: JSON.stringify(value), value });
  return docs;
}

describe('schema validators compiled at build time', () => {
  const ids = Object.keys(schemaDocuments) as SchemaId[];

  it('exist for every schema of the registry, and only for those', () => {
    const exported = Object.keys(precompiled).filter((name) => name !== 'validatorFor').sort();
    assert.deepEqual(exported, [...ids].sort());
  });

  it('give the same result and the same errors as the schemas compiled at run time, for every fixture against every schema', () => {
    const docs = documents();
    assert.ok(docs.length > 500, `${docs.length} documents`);
    let failing = 0;
    for (const id of ids) {
      const atRunTime = validatorFor(id);
      const atBuildTime = precompiled.validatorFor(id);
      for (const { name, value } of docs) {
        const valid = atRunTime(value);
        assert.equal(atBuildTime(value), valid, `${name} against ${id}`);
        assert.deepEqual(atBuildTime.errors ?? null, atRunTime.errors ?? null, `errors of ${name} against ${id}`);
        if (!valid) failing++;
      }
    }
    // Most documents are of another kind than most schemas: the error paths are what is compared.
    assert.ok(failing > docs.length * ids.length * 0.9, `${failing} failing validations`);
  });

  it('are what the CLI, the action and the server bundle; the CLI and the action carry no schema compiler', () => {
    // esbuild names each bundled module in a comment (the tests run on the development build, not minified).
    for (const bundle of ['cli.js', 'action.js', 'server.js']) {
      const code = fs.readFileSync(path.join(repoRoot, 'dist', bundle), 'utf8');
      assert.ok(code.includes('\n// dist/schemaValidators.js\n'), `${bundle} does not carry the precompiled validators`);
      if (bundle !== 'server.js') assert.ok(!code.includes('\n// node_modules/ajv/dist/compile/index.js\n'), `${bundle} still compiles schemas`);
    }
  });
});
