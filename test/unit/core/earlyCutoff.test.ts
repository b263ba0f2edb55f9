import * as assert from 'node:assert/strict';
import { IncrementalState } from '../../../server/src/core/incremental';
import { ParseCache, WorkspaceModel } from '../../../server/src/core/workspace';

/**
 * Early cutoff: a result derived by value that comes out equal after an edit keeps what used it; one
 * derived as usual drops its readers whenever a file it read changes.
 */
describe('IncrementalState: results derived by value (early cutoff)', () => {
  const inputs = ['the same policy'];
  const cache = new ParseCache();

  /** One check as the engine runs it: the model first, then the update with that model. */
  function check(state: IncrementalState, files: Map<string, string>, changed: string[]): WorkspaceModel {
    const now = Date.parse('2026-06-12T09:30:00Z');
    const model = new WorkspaceModel({ files, now: new Date(now) }, cache, state);
    state.update(files, new Map(), inputs, now, changed, model);
    return model;
  }

  const firstLine = (model: WorkspaceModel) => model.text('list.txt')!.split('\n')[0];

  it('keeps the readers of a result that comes out equal, and only then', () => {
    const state = new IncrementalState();
    const files = new Map([['list.txt', 'a\nb\nc']]);
    let byValueReads = 0;
    let usualReads = 0;
    const readers = (model: WorkspaceModel) => ({
      byValue: model.derived('reader', 'by-value', () => (byValueReads++, model.derivedByValue('first-line', 'list.txt', firstLine).toUpperCase())),
      usual: model.derived('reader', 'usual', () => (usualReads++, model.derived('first-line-usual', 'list.txt', () => firstLine(model)).toUpperCase())),
    });

    assert.deepEqual(readers(check(state, files, [])), { byValue: 'A', usual: 'A' });
    assert.deepEqual([byValueReads, usualReads], [1, 1]);

    // A line below the first changes: the first line comes out the same.
    files.set('list.txt', 'a\nB\nc');
    assert.deepEqual(readers(check(state, files, ['list.txt'])), { byValue: 'A', usual: 'A' });
    assert.deepEqual([byValueReads, usualReads], [1, 2], 'the reader of the equal result is not worked out again');

    // The first line changes: the reader is worked out again, from the new value.
    files.set('list.txt', 'z\nB\nc');
    assert.deepEqual(readers(check(state, files, ['list.txt'])), { byValue: 'Z', usual: 'Z' });
    assert.deepEqual([byValueReads, usualReads], [2, 3]);

    // Unchanged: nothing is worked out again.
    assert.deepEqual(readers(check(state, files, [])), { byValue: 'Z', usual: 'Z' });
    assert.deepEqual([byValueReads, usualReads], [2, 3]);
  });

  it('drops, with its readers, a result that fails when worked out again', () => {
    const state = new IncrementalState();
    const files = new Map([['list.txt', 'a\nb']]);
    let reads = 0;
    const reader = (model: WorkspaceModel) => model.derived('reader', 'r', () => (reads++, model.derivedByValue('first-line', 'list.txt', firstLine)));
    assert.equal(reader(check(state, files, [])), 'a');
    files.delete('list.txt');
    const model = check(state, files, ['list.txt']);
    // The update's attempt failed (no such file); the check asks again and meets the fault itself.
    assert.throws(() => reader(model), TypeError);
    files.set('list.txt', 'q');
    assert.equal(reader(check(state, files, ['list.txt'])), 'q');
    assert.equal(reads, 3);
  });
});

describe('IncrementalState: a list of results (derivedEach)', () => {
  const now = Date.parse('2026-06-12T09:30:00Z');
  const cache = new ParseCache();
  const keys = ['a.txt', 'b.txt'];

  function check(state: IncrementalState, files: Map<string, string>, changed: string[]): WorkspaceModel {
    const model = new WorkspaceModel({ files, now: new Date(now) }, cache, state);
    state.update(files, new Map(), ['the same policy'], now, changed, model);
    return model;
  }

  const firstWords = (model: WorkspaceModel, byValue: boolean) => model.derivedEach('first-word', keys, (file, current) => ({ word: current.text(file)!.split(' ')[0] }), byValue);

  it('gives the same array while no result of it changed, and by value keeps an equal result as it was', () => {
    for (const byValue of [false, true]) {
      const state = new IncrementalState();
      const files = new Map([
        ['a.txt', 'alpha one'],
        ['b.txt', 'beta one'],
      ]);
      const first = firstWords(check(state, files, []), byValue);
      assert.deepEqual(first, [{ word: 'alpha' }, { word: 'beta' }]);
      assert.equal(firstWords(check(state, files, []), byValue), first, 'nothing changed: the same array');
      // A word after the first changes: by value, the result comes out equal and the list stays the same array.
      files.set('b.txt', 'beta two');
      const afterEqual = firstWords(check(state, files, ['b.txt']), byValue);
      assert.deepEqual(afterEqual, first);
      assert.equal(afterEqual === first, byValue, byValue ? 'an equal result keeps the list' : 'a result read again makes a new list');
      files.set('b.txt', 'gamma two');
      const changed = firstWords(check(state, files, ['b.txt']), byValue);
      assert.deepEqual(changed, [{ word: 'alpha' }, { word: 'gamma' }]);
      assert.equal(changed[0], first[0], 'the unchanged result is the same object');
    }
  });
});
