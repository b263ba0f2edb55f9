import * as assert from 'node:assert/strict';
import { artifactsFolderOf, patternRegex, vscodeGlob } from '../../../server/src/core/fileGlob';

describe('the glob dialect of client and server', () => {
  it('`*` stays within one path segment; every other character stands for itself', () => {
    const regex = patternRegex('ci run {7} [x]/*.json');
    assert.equal(regex.test('ci run {7} [x]/replay_determinism_report.json'), true);
    assert.equal(regex.test('ci run {7} [x]/nested/replay_determinism_report.json'), false);
    assert.equal(regex.test('ci run 7 x/replay_determinism_report.json'), false);
    assert.equal(patternRegex('.github/workflows/*.yml').test('.github/workflows/ci.yml'), true);
    assert.equal(patternRegex('.github/workflows/*.yml').test('.githubXworkflows/ci.yml'), false);
  });

  it('as a VS Code glob, the characters VS Code reads as syntax are matched literally', () => {
    assert.equal(vscodeGlob('ci run {7} [x]/*.json'), 'ci run [{]7[}] [[]x]/*.json');
    assert.equal(vscodeGlob('artifacts/*.json'), 'artifacts/*.json');
    assert.equal(vscodeGlob('why?/*.json'), 'why[?]/*.json');
  });

  it('readiness.artifactsFolder as a folder: trimmed, no ./ in front, no / behind, artifacts when unset', () => {
    assert.equal(artifactsFolderOf(undefined), 'artifacts');
    assert.equal(artifactsFolderOf('  '), 'artifacts');
    assert.equal(artifactsFolderOf('./ci-output//'), 'ci-output');
  });
});
