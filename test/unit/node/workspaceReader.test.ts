import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readWorkspace, readWorkspaceFile, textOf } from '../../../server/src/node/workspaceReader';

const report = 'artifacts/critical_ci_trend_report.json';
const text = '{"status": "passed"}';

/** Links of every kind around a workspace: of files and folders, inside and out, to nothing, in a loop, and to the root itself. */
describe('workspaceReader: links', () => {
  let base: string;
  const at = (...parts: string[]) => path.join(base, ...parts);
  const read = (root: string, file: string) => readWorkspaceFile(root, file, 1024 * 1024);

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-links-')));
    fs.mkdirSync(at('ws', 'artifacts'), { recursive: true });
    fs.mkdirSync(at('ws', 'kept'));
    fs.mkdirSync(at('outside'));
    fs.writeFileSync(at('ws', report), text);
    fs.writeFileSync(at('ws', 'kept', 'report.json'), text);
    fs.writeFileSync(at('outside', 'report.json'), text);
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('reads a file in a folder that links to a folder of the workspace', () => {
    fs.symlinkSync(at('ws', 'kept'), at('ws', 'linked'));
    assert.deepEqual(read(at('ws'), 'linked/report.json'), { text });
  });

  it('refuses a file in a folder that links outside the workspace, in a whole read and alone', () => {
    fs.rmSync(at('ws', 'artifacts'), { recursive: true });
    fs.writeFileSync(at('outside', path.basename(report)), text);
    fs.symlinkSync(at('outside'), at('ws', 'artifacts'));
    const outside = { skipped: 'it is a link to a file outside the workspace' };
    assert.deepEqual(read(at('ws'), report), outside);
    assert.equal(readWorkspace(at('ws')).snapshot.skipped?.get(report), outside.skipped);
  });

  it('refuses a file link to outside, and says which link loops; a link to nothing is an absent file', () => {
    fs.symlinkSync(at('outside', 'report.json'), at('ws', 'kept', 'out.json'));
    fs.symlinkSync('b.json', at('ws', 'kept', 'a.json'));
    fs.symlinkSync('a.json', at('ws', 'kept', 'b.json'));
    fs.symlinkSync('missing.json', at('ws', 'kept', 'dangling.json'));
    assert.deepEqual(read(at('ws'), 'kept/out.json'), { skipped: 'it is a link to a file outside the workspace' });
    assert.deepEqual(read(at('ws'), 'kept/a.json'), { skipped: 'the path is a symbolic link loop' });
    assert.equal(read(at('ws'), 'kept/dangling.json'), undefined);
    assert.equal(read(at('ws'), 'kept/none.json'), undefined);
  });

  it('reads every file of a workspace opened through a link to it', () => {
    fs.symlinkSync(at('ws'), at('ws-link'));
    fs.symlinkSync(at('ws', 'kept', 'report.json'), at('ws', 'kept', 'inner.json'));
    for (const file of [report, 'kept/report.json', 'kept/inner.json']) assert.deepEqual(read(at('ws-link'), file), { text }, file);
    assert.equal(readWorkspace(at('ws-link')).snapshot.files.get(report), text);
  });
});

/** A file read from disk is what `textOf` makes of its bytes, for every kind of byte the fast read may misread. */
describe('workspaceReader: bytes', () => {
  let root: string;
  beforeEach(() => (root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bytes-')))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const cases: [name: string, bytes: Buffer, expected: ReturnType<typeof textOf>][] = [
    ['ASCII', Buffer.from(text), { text }],
    ['a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), { text }],
    ['a U+FFFD written as such', Buffer.from('{"note": "\uFFFD é"}'), { text: '{"note": "\uFFFD é"}' }],
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from('{"a": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), { skipped: 'it is not valid UTF-8 text' }],
    ['a NUL among the first 8,000 bytes, after multi-byte characters', Buffer.concat([Buffer.from('é'.repeat(3000)), Buffer.from([0])]), { skipped: 'it is a binary file' }],
    // Within the first 8,000 characters but past the first 8,000 bytes: text.
    ['a NUL past the first 8,000 bytes', Buffer.concat([Buffer.from('é'.repeat(4500)), Buffer.from([0])]), { text: 'é'.repeat(4500) + '\0' }],
  ];
  for (const [name, bytes, expected] of cases) {
    it(`reads a file with ${name} as its bytes say`, () => {
      fs.writeFileSync(path.join(root, 'a.json'), bytes);
      assert.deepEqual(textOf(bytes), expected, 'the oracle');
      assert.deepEqual(readWorkspaceFile(root, 'a.json', 1024 * 1024), expected);
    });
  }
});
