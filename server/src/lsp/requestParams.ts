import Ajv, { ValidateFunction } from 'ajv';
import * as lsp from 'vscode-languageserver/node';
import { AdoptionRequest, EvidenceMarkdownRequest, FixAllRequest, GitHubTokenNotification } from '../protocol';

/**
 * The params of every message the server reads, as JSON Schemas of the LSP types, checked before any
 * handler sees them: a request with params of the wrong types gets an InvalidParams error, a notification
 * with them is dropped whole (and logged), so nothing is ever half applied. Only the fields the server
 * reads are described; others pass through.
 */
const uinteger = { type: 'integer', minimum: 0 };
const position = { type: 'object', required: ['line', 'character'], properties: { line: uinteger, character: uinteger } };
const range = { type: 'object', required: ['start', 'end'], properties: { start: position, end: position } };
const uri = { type: 'string' };
const textDocument = { type: 'object', required: ['uri'], properties: { uri } };
const atPosition = { textDocument, position };
const diagnostic = { type: 'object', required: ['range', 'message'], properties: { range, message: { type: 'string' }, code: { type: ['string', 'integer'] }, source: { type: 'string' }, severity: uinteger } };
// The server reads folders from disk only (no virtual workspaces): a folder is a file: URI.
const workspaceFolder = { type: 'object', required: ['uri', 'name'], properties: { uri: { type: 'string', pattern: '^file:' }, name: { type: 'string' } } };

const folderParams = { uri };

/** Keyed by the message objects of LSP and of ../protocol, so a method is spelled in one place. */
const schemas = {
  [lsp.InitializeRequest.method]: {
    capabilities: { type: 'object' },
    workspaceFolders: { anyOf: [{ type: 'array', items: workspaceFolder }, { type: 'null' }] },
    rootUri: { type: ['string', 'null'] },
  },
  [lsp.DidOpenTextDocumentNotification.method]: { textDocument: { type: 'object', required: ['uri', 'languageId', 'version', 'text'], properties: { uri, languageId: { type: 'string' }, version: { type: 'integer' }, text: { type: 'string' } } } },
  [lsp.DidChangeTextDocumentNotification.method]: {
    textDocument: { type: 'object', required: ['uri', 'version'], properties: { uri, version: { type: 'integer' } } },
    contentChanges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['text'],
        properties: { text: { type: 'string' }, range, rangeLength: uinteger },
      },
    },
  },
  [lsp.DidCloseTextDocumentNotification.method]: { textDocument },
  [lsp.DidSaveTextDocumentNotification.method]: { textDocument },
  [lsp.WillSaveTextDocumentNotification.method]: { textDocument, reason: uinteger },
  [lsp.WillSaveTextDocumentWaitUntilRequest.method]: { textDocument, reason: uinteger },
  [lsp.DidChangeWatchedFilesNotification.method]: { changes: { type: 'array', items: { type: 'object', required: ['uri', 'type'], properties: { uri, type: uinteger } } } },
  // The library hands the handler the params' event.
  [lsp.DidChangeWorkspaceFoldersNotification.method]: { added: { type: 'array', items: workspaceFolder }, removed: { type: 'array', items: workspaceFolder } },
  [lsp.DocumentDiagnosticRequest.method]: { textDocument, previousResultId: { type: 'string' } },
  [lsp.WorkspaceDiagnosticRequest.method]: { previousResultIds: { type: 'array', items: { type: 'object', required: ['uri', 'value'], properties: { uri, value: { type: 'string' } } } } },
  [lsp.CodeActionRequest.method]: { textDocument, range, context: { type: 'object', required: ['diagnostics'], properties: { diagnostics: { type: 'array', items: diagnostic } } } },
  [lsp.CompletionRequest.method]: atPosition,
  [lsp.HoverRequest.method]: atPosition,
  [lsp.DefinitionRequest.method]: atPosition,
  [lsp.ReferencesRequest.method]: atPosition,
  [lsp.PrepareRenameRequest.method]: atPosition,
  [lsp.RenameRequest.method]: { ...atPosition, newName: { type: 'string' } },
  [EvidenceMarkdownRequest.method]: folderParams,
  [AdoptionRequest.method]: folderParams,
  [FixAllRequest.method]: folderParams,
  [GitHubTokenNotification.method]: { token: { type: 'string' } },
} as const;

type CheckedMethod = keyof typeof schemas;
/** A message object of LSP (`HoverRequest`) or of ../protocol (`FixAllRequest`) whose params have a schema here. */
export interface CheckedMessage {
  readonly method: CheckedMethod;
}

/** Params a client may leave out (LSP marks them optional). */
const optional = new Set(['previousResultId', 'workspaceFolders', 'rootUri', 'token']);

/** The schema of a method's params: an object with the properties above, the ones LSP does not mark optional required. */
export function paramsSchema(method: CheckedMethod): object {
  const properties: Record<string, object> = schemas[method];
  return { type: 'object', required: Object.keys(properties).filter((name) => !optional.has(name)), properties };
}

export const checkedMethods = Object.keys(schemas) as CheckedMethod[];

// The schemas are fixed, and checked against the meta-schema by the tests: checking them again here would
// compile the meta-schema when the first message (initialize) arrives, about 20 ms of the server's start.
const ajv = new Ajv({ allErrors: false, strict: false, validateSchema: false });
// Compiled when a method is first received: compiling all of them would hold up the server's start.
const validators = new Map<CheckedMethod, ValidateFunction>();

function validatorOf(method: CheckedMethod): ValidateFunction {
  let validate = validators.get(method);
  if (!validate) validators.set(method, (validate = ajv.compile(paramsSchema(method))));
  return validate;
}

/** Why the params of a message are not what the protocol says, or undefined when they are. */
export function paramsProblem({ method }: CheckedMessage, params: unknown): string | undefined {
  const validate = validatorOf(method);
  if (validate(params)) return undefined;
  const [error] = validate.errors ?? [];
  return `Invalid params of ${method}: ${error ? `${error.instancePath || 'params'} ${error.message}` : 'not an object'}.`;
}

/** A request handler that answers InvalidParams instead of running on params of the wrong types. */
export function checkedRequest<P, R, A extends unknown[]>(message: CheckedMessage, handler: (params: P, ...rest: A) => R): (params: P, ...rest: A) => R | lsp.ResponseError<never> {
  return (params, ...rest) => {
    const problem = paramsProblem(message, params);
    return problem ? new lsp.ResponseError<never>(lsp.ErrorCodes.InvalidParams, problem) : handler(params, ...rest);
  };
}

/** A notification handler that drops params of the wrong types whole, and says so in the log. */
export function checkedNotification<P, A extends unknown[]>(message: CheckedMessage, handler: (params: P, ...rest: A) => void, log: (message: string) => void): (params: P, ...rest: A) => void {
  return (params, ...rest) => {
    const problem = paramsProblem(message, params);
    if (problem) log(`${problem} The notification was ignored.`);
    else handler(params, ...rest);
  };
}
