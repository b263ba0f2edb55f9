/**
 * One scenario that drives the language server, in a client process of its own (see lib/clientProcess.ts):
 * `node dist-bench/client.js <request JSON>`; the figures are the JSON on stdout, the progress log stderr.
 */
import { BurstFigures, measureBurst } from './burst';
import type { ClientRequest } from './lib/clientProcess';
import { LspFigures, measureLsp } from './lspIncremental';
import { measureSoak, SoakFigures } from './soak';

function run(request: ClientRequest): Promise<LspFigures | BurstFigures | SoakFigures> {
  switch (request.scenario) {
    case 'lsp':
      return measureLsp(request.serverJs, request.ws, request.edits, request.debounced);
    case 'burst':
      return measureBurst(request.serverJs, request.ws, request.edits);
    case 'soak':
      return measureSoak(request.serverJs, request.ws, request.edits, request.sampleEvery);
  }
}

run(JSON.parse(process.argv[2]) as ClientRequest).then(
  (figures) => process.stdout.write(JSON.stringify(figures)),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  },
);
