import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverNodeOptions } from '../../../server/src/serverProcess';
import { CancellationTokenSource, createMessageConnection, Message, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { now } from './run';

/**
 * Notes when each request's bytes were handed to the server's stdin. The client's writer sends one message
 * per turn of its own event loop (a semaphore, and a wait for each write), so a request asked for in a burst
 * leaves behind the ones queued before it: that wait is the client's, not the server's.
 */
class TimedStreamWriter extends StreamMessageWriter {
  readonly sentAt = new WeakMap<object, number>();

  override async write(message: Message): Promise<void> {
    await super.write(message);
    if (Message.isRequest(message) && typeof message.params === 'object' && message.params !== null) this.sentAt.set(message.params, now());
  }
}

/**
 * dist/server.js spawned over stdio and driven as VS Code drives it with pull diagnostics
 * (the approach of test/support/lspSession.ts): initialize with one workspace folder, open documents,
 * send incremental didChange, pull textDocument/diagnostic, answer workspace/diagnostic/refresh.
 */
export class LspClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private refreshWaiters: (() => void)[] = [];
  refreshes = 0;
  stderr = '';
  private readonly versions = new Map<string, number>();
  private readonly resultIds = new Map<string, string>();
  private readonly texts = new Map<string, string>();
  private readonly writer: TimedStreamWriter;

  constructor(serverJs: string) {
    // BENCH_SERVER_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it exits (for profiling only).
    const profile = process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [];
    // As the extension starts it; BENCH_SERVER_NODE_ARGS="--flag …": node or V8 flags after those (to compare settings; not used by the bench).
    const nodeArgs = [...serverNodeOptions, ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
    this.child = spawn(process.execPath, [...profile, ...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.writer = new TimedStreamWriter(this.child.stdin!);
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), this.writer);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.refreshWaiters.splice(0).forEach((wake) => wake());
      return null;
    });
    this.connection.onNotification((method) => {
      if (method === 'readiness/verdictChanged') this.firstVerdictAt ??= now();
    });
    this.connection.listen();
  }

  /** When the first readiness/verdictChanged notification arrived (the verdict of the controls, on a first check). */
  firstVerdictAt?: number;

  get pid(): number {
    return this.child.pid!;
  }

  async initialize(folder: string): Promise<void> {
    const uri = pathToFileURL(folder).toString();
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri, name: path.basename(folder) }],
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false }, synchronization: { dynamicRegistration: false } },
        workspace: { workspaceFolders: true, diagnostics: { refreshSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** The panel's request: answered from a validation brought up to date first (its problems too). */
  verdict(): Promise<unknown> {
    return this.connection.sendRequest('readiness/verdict', {});
  }

  /** The panel's request at start: when the verdict was first known (announced, or answered), and when the problems too. */
  async firstVerdict(): Promise<{ verdictAt: number; checkedAt: number }> {
    await this.verdict();
    const checkedAt = now();
    return { verdictAt: Math.min(this.firstVerdictAt ?? checkedAt, checkedAt), checkedAt };
  }

  async open(file: string): Promise<string> {
    const uri = pathToFileURL(file).toString();
    const text = fs.readFileSync(file, 'utf8');
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: file.endsWith('.json') ? 'json' : 'yaml', version: 1, text } });
    return uri;
  }

  text(uri: string): string {
    return this.texts.get(uri)!;
  }

  /**
   * One single-character edit as an incremental content change (insert `insert` at offset, or delete the
   * character there), prepared here so that what is timed is only sending it.
   */
  prepareChange(uri: string, offset: number, insert: string | undefined): unknown {
    const text = this.texts.get(uri)!;
    const start = positionAt(text, offset);
    const end = insert === undefined ? positionAt(text, offset + 1) : start;
    const next = insert === undefined ? text.slice(0, offset) + text.slice(offset + 1) : text.slice(0, offset) + insert + text.slice(offset);
    this.texts.set(uri, next);
    const version = this.versions.get(uri)! + 1;
    this.versions.set(uri, version);
    return { textDocument: { uri, version }, contentChanges: [{ range: { start, end }, text: insert ?? '' }] };
  }

  sendChange(params: unknown): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', params);
  }

  /** textDocument/diagnostic with the last result id; `changed` tells whether the server had a new result. */
  async pull(uri: string): Promise<{ changed: boolean; items: number }> {
    const report = (await this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: this.resultIds.get(uri) })) as { kind: string; resultId?: string; items?: unknown[] };
    if (report.resultId) this.resultIds.set(uri, report.resultId);
    return { changed: report.kind === 'full', items: report.items?.length ?? 0 };
  }

  /**
   * textDocument/diagnostic sent without waiting for the answer: `answer` settles with it (or with the
   * server's refusal once `cancel` sent $/cancelRequest); `sentAt` is when its bytes left (see TimedStreamWriter).
   */
  pullLater(uri: string): { answer: Promise<unknown>; cancel: () => void; sentAt: () => number } {
    const source = new CancellationTokenSource();
    const params = { textDocument: { uri } };
    const answer = this.connection.sendRequest('textDocument/diagnostic', params, source.token);
    return { answer, cancel: () => source.cancel(), sentAt: () => this.writer.sentAt.get(params)! };
  }

  /** Resolves at the server's next workspace/diagnostic/refresh request (sent after a validation that changed diagnostics). */
  nextRefresh(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.refreshWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** VmRSS and VmHWM of the server process, in MB (Linux /proc). */
  memory(): { rssMb: number; peakMb: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const exited = new Promise((resolve) => (this.child.exitCode !== null ? resolve(undefined) : this.child.once('exit', resolve)));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
