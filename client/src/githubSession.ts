import * as vscode from 'vscode';

/** Classic scope of VS Code's GitHub sign-in: private repositories need `repo`. */
const scopes = ['repo'];

/** The authentication provider of the configured REST root: github.com, else GitHub Enterprise Server. */
export function githubProvider(apiUrl: string | undefined): 'github' | 'github-enterprise' {
  return !apiUrl || /^https:\/\/api\.github\.com\/?$/.test(apiUrl) ? 'github' : 'github-enterprise';
}

/** The token of an existing session, never asking: activation and refreshes must not prompt. */
export async function silentToken(apiUrl: string | undefined): Promise<string | undefined> {
  try {
    return (await vscode.authentication.getSession(githubProvider(apiUrl), scopes, { createIfNone: false, silent: true }))?.accessToken;
  } catch {
    // No such provider (a host without the built-in GitHub authentication): the environment's token may stand in.
    return undefined;
  }
}

/** Signs in on the user's request. */
export async function signIn(apiUrl: string | undefined): Promise<string | undefined> {
  return (await vscode.authentication.getSession(githubProvider(apiUrl), scopes, { createIfNone: true })).accessToken;
}
