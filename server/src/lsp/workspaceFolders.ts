import type { TextDocuments, WorkspaceFolder } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { artifactsFolderOf } from '../core/fileGlob';
import { userAgent } from '../node/checkFolder';
import { tokenFromEnvironment } from '../node/github/readLive';
import { defaultSettings, FolderSettings, FolderState } from './folderState';

/** How the server reaches the client's settings; undefined when the client cannot be asked. */
type ReadSettings = (scopeUri: string) => Promise<Partial<FolderSettings> | null>;

/** The workspace folders the server validates, with their settings and the GitHub token live evidence is read with. */
export class WorkspaceFolders {
  private readonly folders = new Map<string, FolderState>();
  private githubToken?: string;
  readSettings?: ReadSettings;
  /** Given to every folder: see FolderState.announceVerdictFirst. */
  announceVerdictFirst?: (folder: FolderState) => Promise<void>;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly onValidated: (folder: FolderState) => void,
    private readonly log: (message: string) => void,
  ) {}

  all(): FolderState[] {
    return [...this.folders.values()];
  }

  get(uri: string): FolderState | undefined {
    return this.folders.get(uri);
  }

  /** The folder whose URI this is, else the innermost folder holding it. */
  byUri(uri: string): FolderState | undefined {
    return this.folders.get(uri) ?? this.folderOf(uri);
  }

  /** The innermost folder holding a file. */
  folderOf(uri: string): FolderState | undefined {
    let best: FolderState | undefined;
    for (const folder of this.folders.values()) {
      if (folder.relativePath(uri) !== undefined && (!best || folder.root.length > best.root.length)) best = folder;
    }
    return best;
  }

  add(folder: WorkspaceFolder): FolderState {
    const state = new FolderState(
      folder.uri,
      folder.name,
      defaultSettings,
      (uri) => this.documents.get(uri)?.getText(),
      () => this.documents.keys(),
      this.onValidated,
      this.log,
    );
    state.announceVerdictFirst = this.announceVerdictFirst;
    this.folders.set(folder.uri, state);
    // Read with the default settings at once, so early requests have answers; settings may re-read it.
    state.loadFromDisk();
    return state;
  }

  remove(folder: WorkspaceFolder): void {
    this.folders.get(folder.uri)?.dispose();
    this.folders.delete(folder.uri);
  }

  /** Reads the folder's settings again; re-reads its files when they changed, and its live evidence when GitHub's settings did. */
  async applySettings(folder: FolderState): Promise<void> {
    const before = folder.settings;
    if (this.readSettings) folder.settings = { ...defaultSettings, ...((await this.readSettings(folder.uri)) ?? {}) };
    // The editor sends every setting, its defaults too: the files are read again only when what is read changed.
    if (readingOf(folder.settings) !== readingOf(before)) folder.loadFromDisk();
    else if (JSON.stringify(folder.settings) !== JSON.stringify(before)) folder.settingsChanged();
    if (JSON.stringify(folder.settings.github) !== JSON.stringify(before.github) || folder.liveState.kind === 'off') await folder.refreshLive(this.token(), userAgent);
  }

  applySettingsEverywhere(): void {
    for (const folder of this.folders.values()) void this.applySettings(folder);
  }

  /** The signed-in session's token, else GITHUB_TOKEN of the environment. */
  private token(): string | undefined {
    return this.githubToken ?? tokenFromEnvironment();
  }

  setGitHubToken(token: string | undefined): void {
    this.githubToken = token || undefined;
    void this.refreshLive();
  }

  /** Reads live evidence for every folder. */
  async refreshLive(): Promise<void> {
    await Promise.all(this.all().map((folder) => folder.refreshLive(this.token(), userAgent).catch((error) => this.log(`Live evidence for ${folder.name} failed: ${String(error)}`))));
  }

  /** Files written without the editor (tools, git); open documents are read from the editor instead. */
  changedOnDisk(uris: string[]): void {
    for (const uri of uris) {
      const folder = this.folderOf(uri);
      const file = folder?.relativePath(uri);
      if (folder && file !== undefined && !this.documents.get(uri)) folder.fileChangedOnDisk(file);
    }
  }

  documentChanged(uri: string): void {
    this.folderOf(uri)?.documentChanged(uri);
  }

  /** A closed document counts as what is on disk again. */
  documentClosed(uri: string): void {
    const folder = this.folderOf(uri);
    const file = folder?.relativePath(uri);
    if (folder && file !== undefined) folder.fileChangedOnDisk(file);
  }
}

/** The settings that decide which files are read, and how: a change of any of them reads the folder again. */
function readingOf(settings: FolderSettings): string {
  return JSON.stringify([settings.policyFile || null, artifactsFolderOf(settings.artifactsFolder), settings.maxFileSizeMB]);
}
