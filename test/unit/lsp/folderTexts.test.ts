import * as assert from 'node:assert/strict';
import { LayeredTexts } from '../../../server/src/core/texts';
import { FolderTexts } from '../../../server/src/lsp/folderTexts';

describe('file texts read on demand', () => {
  it('LayeredTexts: the upper layer wins, each file is listed once, nothing is copied', () => {
    const lowerReads: string[] = [];
    const lowerTexts = new Map([
      ['a.json', 'lower a'],
      ['b.json', 'lower b'],
    ]);
    const lower = new FolderTexts(new Map<string, string | undefined>([...lowerTexts.keys()].map((file) => [file, undefined])), (file) => {
      lowerReads.push(file);
      return lowerTexts.get(file);
    });
    const layered = new LayeredTexts(new Map([['b.json', 'upper b'], ['c.json', 'upper c']]), lower);
    assert.equal(layered.get('b.json'), 'upper b');
    assert.equal(layered.get('c.json'), 'upper c');
    assert.deepEqual(lowerReads, [], 'a file of the upper layer does not read the lower one');
    assert.equal(layered.get('a.json'), 'lower a');
    assert.equal(layered.size, 3);
    assert.deepEqual([...layered.keys()], ['b.json', 'c.json', 'a.json']);
    assert.deepEqual(new Map(layered), new Map([['b.json', 'upper b'], ['c.json', 'upper c'], ['a.json', 'lower a']]));
    assert.equal(layered.has('d.json'), false);
    assert.equal(layered.get('d.json'), undefined);
  });

  it('FolderTexts: a held text is given as it is; another is read once until released, then read again', () => {
    const reads: string[] = [];
    const held = new Map<string, string | undefined>([
      ['open.yml', 'typed text'],
      ['disk.json', undefined],
    ]);
    const texts = new FolderTexts(held, (file) => {
      reads.push(file);
      return `${file} on disk`;
    });
    assert.equal(texts.get('open.yml'), 'typed text');
    assert.equal(texts.get('disk.json'), 'disk.json on disk');
    assert.equal(texts.get('disk.json'), 'disk.json on disk');
    assert.deepEqual(reads, ['disk.json']);
    assert.equal(texts.get('absent.json'), undefined, 'a file not listed is not read');
    assert.equal(texts.has('absent.json'), false);
    texts.release();
    texts.get('disk.json');
    assert.deepEqual(reads, ['disk.json', 'disk.json']);
    assert.equal(texts.size, 2);
  });

  it('FolderTexts: a listed file that can no longer be read has no text, and is asked again', () => {
    let readable = false;
    const texts = new FolderTexts(new Map([['gone.json', undefined]]), () => (readable ? 'back' : undefined));
    assert.equal(texts.get('gone.json'), undefined);
    assert.deepEqual([...texts.entries()], []);
    readable = true;
    assert.equal(texts.get('gone.json'), 'back');
  });
});
