import * as assert from 'node:assert/strict';
import { gitHubContextOf } from '../../../server/src/action/githubContext';

describe('GitHub context of a step', () => {
  const webhooks: { name: string; examples: Record<string, unknown>[] }[] = require('@octokit/webhooks-examples');
  const examples = (name: string) => webhooks.find((w) => w.name === name)!.examples;
  const env = { GITHUB_REPOSITORY: 'Codertocat/Hello-World', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_REF: 'refs/pull/2/merge', GITHUB_EVENT_NAME: 'pull_request' };

  it('on every recorded pull_request event: the head commit and the base branch, not the merge ref', () => {
    for (const event of examples('pull_request') as { number: number; pull_request: { head: { sha: string; ref: string }; base: { ref: string; sha: string } } }[]) {
      const context = gitHubContextOf(env, event);
      assert.equal(context.sha, event.pull_request.head.sha);
      assert.equal(context.branch, event.pull_request.base.ref);
      assert.deepEqual(context.pullRequest, { number: event.number, baseRef: event.pull_request.base.ref, baseSha: event.pull_request.base.sha, headRef: event.pull_request.head.ref, headSha: event.pull_request.head.sha });
    }
  });

  it('in a merge queue: the queue\'s commit and its base branch', () => {
    const context = gitHubContextOf({ ...env, GITHUB_EVENT_NAME: 'merge_group' }, examples('merge_group')[0]);
    assert.equal(context.sha, '2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d');
    assert.equal(context.branch, 'main');
    assert.equal(context.pullRequest, undefined);
  });

  it('on a push, or with no readable event: the pushed commit and branch from the environment', () => {
    for (const event of [examples('push')[0], undefined, 'not an object', { pull_request: { head: {} } }]) {
      assert.deepEqual(gitHubContextOf({ ...env, GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' }, event), {
        repository: 'Codertocat/Hello-World',
        apiUrl: 'https://api.github.com',
        eventName: 'push',
        sha: env.GITHUB_SHA,
        branch: 'main',
      });
    }
  });
});
