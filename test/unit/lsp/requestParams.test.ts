import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { checkedMethods, paramsProblem, paramsSchema } from '../../../server/src/lsp/requestParams';

describe('requestParams', () => {
  it('has a schema for every checked method that the JSON Schema meta-schema accepts and that compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    assert.ok(checkedMethods.length > 10);
    for (const method of checkedMethods) {
      assert.equal(ajv.validateSchema(paramsSchema(method)), true, `${method}: ${ajv.errorsText()}`);
      assert.doesNotThrow(() => ajv.compile(paramsSchema(method)), method);
    }
  });

  it('says which param is of the wrong type, and accepts the ones LSP marks optional left out', () => {
    assert.equal(paramsProblem({ method: 'textDocument/hover' }, { textDocument: { uri: 'file:///a.json' }, position: { line: 0, character: 0 } }), undefined);
    assert.match(paramsProblem({ method: 'textDocument/hover' }, { textDocument: { uri: 7 }, position: { line: 0, character: 0 } }) ?? '', /^Invalid params of textDocument\/hover: \/textDocument\/uri must be string\.$/);
    assert.equal(paramsProblem({ method: 'textDocument/diagnostic' }, { textDocument: { uri: 'file:///a.json' } }), undefined, 'previousResultId is optional');
  });
});
