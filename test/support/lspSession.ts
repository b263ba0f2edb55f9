import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { serverNodeOptions } from '../../server/src/serverProcess';
import { createMessageConnection, MessageConnection, NotificationType, RequestType, RequestType0, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { repoRoot } from './paths';

/** The bundled server spawned over stdio, spoken to as an editor does. */
export class LspSession {
  /** How many times the server asked the client to pull diagnostics again. */
  refreshes = 0;
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  readonly notifications: { method: string; params: unknown }[] = [];
  private waiters: { method: string; test: (params: any) => boolean; resolve: (params: any) => void }[] = [];
  stderr = '';

  /** `env`: the server's environment (default: the test's); `settings`: the `readiness` section it reads through workspace/configuration. */
  constructor(private readonly options: { env?: NodeJS.ProcessEnv; settings?: unknown } = {}) {
    this.process = spawn(process.execPath, [...serverNodeOptions, path.join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    this.process.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      this.waiters = this.waiters.filter((w) => {
        if (w.method !== method || !w.test(params)) return true;
        w.resolve(params);
        return false;
      });
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => void this.refreshes++);
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.options.settings ?? null));
    this.connection.listen();
  }

  async initialize(folders: { uri: string; name: string }[], options: { pull: boolean }): Promise<any> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders,
      capabilities: {
        textDocument: {
          ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : { publishDiagnostics: { relatedInformation: true } }),
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          rename: { prepareSupport: true },
        },
        workspace: { workspaceFolders: true, workspaceEdit: { documentChanges: true }, diagnostics: { refreshSupport: true }, configuration: this.options.settings !== undefined },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** A request of the protocol with its typed params and result; by method name for params its types do not allow. */
  request<R>(type: RequestType0<R, unknown>): Promise<R>;
  request<P, R>(type: RequestType<P, R, unknown>, params: P): Promise<R>;
  request<T = any>(method: string, params: unknown): Promise<T>;
  request(message: string | RequestType0<unknown, unknown> | RequestType<unknown, unknown, unknown>, ...params: unknown[]): Promise<unknown> {
    return typeof message === 'string' ? this.connection.sendRequest(message, ...params) : this.connection.sendRequest(message as RequestType<unknown, unknown, unknown>, ...(params as [unknown]));
  }

  notify<P>(type: NotificationType<P>, params: P): Promise<void>;
  notify(method: string, params: unknown): Promise<void>;
  notify(message: string | NotificationType<unknown>, params: unknown): Promise<void> {
    return typeof message === 'string' ? this.connection.sendNotification(message, params) : this.connection.sendNotification(message, params);
  }

  /** The next notification of a method whose params pass the test (or one already received). */
  waitFor<T>(type: NotificationType<T>, test?: (params: T) => boolean, timeoutMs?: number): Promise<T>;
  waitFor<T = any>(method: string, test?: (params: T) => boolean, timeoutMs?: number): Promise<T>;
  waitFor<T>(message: string | NotificationType<T>, test: (params: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
    const method = typeof message === 'string' ? message : message.method;
    const seen = this.notifications.find((n) => n.method === method && test(n.params as T));
    if (seen) return Promise.resolve(seen.params as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ method, test, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.process.kill();
  }

  get exitCode(): number | null {
    return this.process.exitCode;
  }
}
