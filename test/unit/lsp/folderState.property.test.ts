import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultSettings, FolderSettings, FolderState } from '../../../server/src/lsp/folderState';
import { WorkspaceFolders } from '../../../server/src/lsp/workspaceFolders';
import { repoRoot } from '../../support/paths';

/**
 * The language server's folder bookkeeping against a fresh start: documents opened, typed into and closed,
 * files written and deleted on disk behind the editor's back, a document grown over the size limit. Each
 * event reaches the folders through the server's own handlers (WorkspaceFolders), and the folder hands
 * the engine only the files those events touched; after the sequence its validation must equal that of a
 * new folder that reads everything from disk with the same documents open.
 */

/** Small enough that an open document can be grown over it, large enough for every file of base-go. */
const settings: FolderSettings = { ...defaultSettings, maxFileSizeMB: 0.1 };
const tooLarge = ' '.repeat(0.1 * 1024 * 1024 + 1);

type Event =
  | { kind: 'open' | 'close' | 'delete' | 'grow'; file: number }
  | { kind: 'type'; file: number; at: number; text: string }
  | { kind: 'write'; file: number; at: number; text: string };

const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('open' as const), file: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('type' as const), file: fc.nat(), at: fc.nat(), text: fc.constantFrom('"', ',', '}', 'x', 'passed', 'failed', '\n', ': ') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), file: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('write' as const), file: fc.nat(), at: fc.nat(), text: fc.constantFrom('"', 'x', 'failed', '\n') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('grow' as const), file: fc.nat() }) },
);

/** The open documents, as the server's TextDocuments has them (get and keys are all the folders read). */
class OpenDocuments {
  readonly texts = new Map<string, string>();

  asTextDocuments(): TextDocuments<TextDocument> {
    return { get: (uri: string) => (this.texts.has(uri) ? { getText: () => this.texts.get(uri)! } : undefined), keys: () => [...this.texts.keys()] } as unknown as TextDocuments<TextDocument>;
  }
}

function copyFolder(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

describe('the server’s folder state follows documents and disk as a fresh start would', function () {
  this.timeout(240_000);

  it('after random sequences of editor and disk events (base-go)', () => {
    const base = path.join(repoRoot, 'test/fixtures/workspaces/base-go');
    const files = fs.readdirSync(base, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(base, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 10 }), (events) => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-folder-'));
        try {
          copyFolder(base, root);
          const uri = pathToFileURL(root).toString();
          const uriOf = (file: string) => pathToFileURL(path.join(root, file)).toString();
          const documents = new OpenDocuments();
          const folders = new WorkspaceFolders(documents.asTextDocuments(), () => undefined, () => undefined);
          const folder = folders.add({ uri, name: 'base-go' });
          folder.settings = settings;
          folder.loadFromDisk();
          folder.validation();
          for (const e of events) {
            const file = files[e.file % files.length];
            const fileUri = uriOf(file);
            const onDisk = path.join(root, file);
            switch (e.kind) {
              case 'open':
                if (documents.texts.has(fileUri) || !fs.existsSync(onDisk)) break;
                documents.texts.set(fileUri, fs.readFileSync(onDisk, 'utf8'));
                folders.documentChanged(fileUri);
                break;
              case 'type': {
                const text = documents.texts.get(fileUri);
                if (text === undefined) break;
                const at = e.at % (text.length + 1);
                documents.texts.set(fileUri, text.slice(0, at) + e.text + text.slice(at));
                folders.documentChanged(fileUri);
                break;
              }
              case 'grow': {
                const text = documents.texts.get(fileUri);
                if (text === undefined) break;
                documents.texts.set(fileUri, text + tooLarge);
                folders.documentChanged(fileUri);
                break;
              }
              case 'close':
                if (!documents.texts.delete(fileUri)) break;
                folders.documentClosed(fileUri);
                break;
              case 'write': {
                const text = fs.existsSync(onDisk) ? fs.readFileSync(onDisk, 'utf8') : '';
                const at = e.at % (text.length + 1);
                fs.mkdirSync(path.dirname(onDisk), { recursive: true });
                fs.writeFileSync(onDisk, text.slice(0, at) + e.text + text.slice(at));
                folders.changedOnDisk([fileUri]);
                break;
              }
              case 'delete':
                if (!fs.existsSync(onDisk)) break;
                fs.rmSync(onDisk);
                folders.changedOnDisk([fileUri]);
                break;
            }
            folder.validation();
          }
          const fresh = new FolderState(uri, 'base-go', settings, (u) => documents.texts.get(u), () => [...documents.texts.keys()], () => undefined, () => undefined);
          fresh.loadFromDisk();
          const result = (state: FolderState) => JSON.stringify(state.validation().result);
          assert.equal(result(folder), result(fresh));
          folder.dispose();
          fresh.dispose();
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: Number(process.env.FOLDER_STATE_RUNS ?? 150) },
    );
  });
});
