// A minimal LSP client for the protocol tests: starts the real bundled server (`dist/server.js
// --stdio`) as a child process and talks JSON-RPC to it over its stdin/stdout. No mocks.
import type { CodeLens } from 'vscode-languageserver-protocol';
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeActionKind, CodeActionRequest, ConfigurationRequest, createProtocolConnection, DiagnosticRefreshRequest,
  DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DidChangeWorkspaceFoldersNotification, DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification, DocumentDiagnosticReportKind, DocumentDiagnosticRequest, ExitNotification, HoverRequest,
  InitializedNotification, InitializeRequest, LogMessageNotification, MessageType, PublishDiagnosticsNotification, RegistrationRequest,
  ShowMessageNotification, ShowMessageRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter, TelemetryEventNotification,
  UnregistrationRequest, WorkDoneProgressCreateRequest, type CancellationToken,
  type CodeAction, type Command, type ConfigurationItem, type Diagnostic, type Hover, type InitializeResult, type Position, type ProtocolConnection,
  type Range, type TextDocumentContentChangeEvent, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { applyContentChanges, toContentChanges } from './textEdits';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The bundled server; SPARK_ADVISOR_SERVER_JS points the tests at another build. */
export const SERVER_JS = process.env.SPARK_ADVISOR_SERVER_JS ?? path.join(REPO_ROOT, 'dist', 'server.js');

/** The `sparkAdvisor` settings section, as the client would answer `workspace/configuration`. */
export type Settings = Record<string, unknown>;

export interface ReceivedMessage {
  method: string;
  params: unknown;
  at: number;
}

export interface StartOptions {
  /** Initial `sparkAdvisor` settings. */
  settings?: Settings;
  /** Workspace folder (a directory path); a fresh temporary directory when omitted. */
  workspaceFolder?: string;
  /** Milliseconds a request may take before the test fails. */
  requestTimeoutMs?: number;
  /** The URI announced for the workspace folder (default: the folder's file URI, without a trailing slash). */
  folderUri?: string;
  /** Another server script (the helper's own tests use stand-ins that crash or hang). */
  serverJs?: string;
  /** Announce only `rootUri` (`workspaceFolders: null`), as older or single-folder clients do. */
  rootUriOnly?: boolean;
  /** Sent as `initializationOptions` (the extension sends `{ storagePath }`). */
  initializationOptions?: unknown;
}

/**
 * The server exits within about a second, but up to 2 s while the machine is busy with other suites
 * (measured the same on main): the budget is for a server that hangs, not for a slow one.
 */
export const SHUTDOWN_GRACE_MS = 5000;

const KNOWN_NOTIFICATIONS = [
  LogMessageNotification.method, ShowMessageNotification.method, TelemetryEventNotification.method, PublishDiagnosticsNotification.method,
  '$/logTrace', '$/progress', 'sparkAdvisor/analysisStatus',
];
const NULL_ANSWERED_REQUESTS = [
  DiagnosticRefreshRequest.method, RegistrationRequest.method, UnregistrationRequest.method, WorkDoneProgressCreateRequest.method,
  ShowMessageRequest.method, 'workspace/inlayHint/refresh', 'workspace/semanticTokens/refresh', 'workspace/codeLens/refresh',
];

export class LspClient {
  /** The `sparkAdvisor` section returned to `workspace/configuration`; tests may replace or mutate it. */
  settings: Settings;
  /** Per-document overrides of `settings`, by scope URI. */
  readonly settingsByUri = new Map<string, Settings>();
  readonly notifications: ReceivedMessage[] = [];
  /** Requests the server sent to the client (configuration, refresh, registration…). */
  readonly serverRequests: ReceivedMessage[] = [];
  readonly workspaceFolder: string;
  readonly workspaceUri: string;
  /** Optional: decides how (and when) `workspace/configuration` is answered; `answer` is what the client would send now. */
  configurationHook: ((items: ConfigurationItem[], answer: unknown[]) => unknown[] | Promise<unknown[]>) | undefined;
  initializeResult: InitializeResult | undefined;
  /** Exit code once the process has ended (null when it ended by a signal). */
  exitCode: number | null | undefined;
  /** True when the server did not exit within 2 s of shutdown and had to be killed. */
  killedAfterShutdown = false;

  private readonly requestTimeoutMs: number;
  private readonly rootUriOnly: boolean;
  private readonly initializationOptions: unknown;
  private stderr = '';
  private readonly texts = new Map<string, { text: string; version: number; languageId: string }>();
  private crashError: Error | undefined;
  private readonly crashed: Promise<never>;
  private shuttingDown = false;
  private readonly exited: Promise<void>;
  private waiters: Array<{ test: (m: ReceivedMessage) => boolean; resolve: (m: ReceivedMessage) => void }> = [];

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    options: StartOptions,
    private readonly ownsFolder: boolean,
    workspaceFolder: string,
  ) {
    this.settings = options.settings ?? {};
    this.workspaceFolder = workspaceFolder;
    this.workspaceUri = options.folderUri ?? pathToFileURL(workspaceFolder).toString();
    this.rootUriOnly = options.rootUriOnly ?? false;
    this.initializationOptions = options.initializationOptions;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    let rejectCrash!: (error: Error) => void;
    this.crashed = new Promise<never>((_, reject) => (rejectCrash = reject));
    this.crashed.catch(() => undefined); // observed through request(), not an unhandled rejection
    this.exited = new Promise<void>((resolve) => {
      // 'close' rather than 'exit': stderr has been read to the end by then, so a crash report is complete.
      child.on('close', (code, signal) => {
        this.exitCode = code;
        if (!this.shuttingDown) {
          this.crashError = new Error(`the language server exited unexpectedly (code ${code}, signal ${signal})\n${this.diagnosticsText()}`);
          rejectCrash(this.crashError);
        }
        resolve();
      });
    });
    child.on('error', (error) => {
      this.crashError ??= new Error(`could not run the language server: ${error.message}\n${this.diagnosticsText()}`);
      rejectCrash(this.crashError);
    });
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const serverJs = options.serverJs ?? SERVER_JS;
    if (!fs.existsSync(serverJs)) throw new Error(`${serverJs} is missing: run \`node scripts/build.mjs\` first`);
    const ownsFolder = options.workspaceFolder === undefined;
    const workspaceFolder = options.workspaceFolder ?? fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-protocol-')));
    // Run from the workspace, not the repository, so nothing depends on the server's working directory.
    const child = spawn(process.execPath, [serverJs, '--stdio'], { cwd: workspaceFolder, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection, options, ownsFolder, workspaceFolder);
    client.listen();
    try {
      await client.initialize();
    } catch (error) {
      await client.shutdown();
      throw error;
    }
    return client;
  }

  private listen(): void {
    const record = (list: ReceivedMessage[], method: string, params: unknown) => {
      const message = { method, params, at: Date.now() };
      list.push(message);
      for (const waiter of [...this.waiters]) {
        if (waiter.test(message)) {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waiter.resolve(message);
        }
      }
    };
    for (const method of KNOWN_NOTIFICATIONS) {
      this.connection.onNotification(method, (params: unknown) => record(this.notifications, method, params));
    }
    this.connection.onUnhandledNotification((message) => record(this.notifications, message.method, message.params));
    this.connection.onRequest(ConfigurationRequest.type, (params) => {
      record(this.serverRequests, ConfigurationRequest.method, params);
      // The answer reflects the settings when the request arrives, even if a hook delays it.
      const answer = params.items.map((item) => {
        const settings = (item.scopeUri && this.settingsByUri.get(item.scopeUri)) || this.settings;
        if (item.section === 'sparkAdvisor') return structuredClone(settings);
        if (item.section === undefined) return { sparkAdvisor: structuredClone(settings) };
        return null;
      });
      return this.configurationHook ? this.configurationHook(params.items, answer) : answer;
    });
    // Other requests a server may send are recorded and answered with null; unknown ones get MethodNotFound.
    for (const method of NULL_ANSWERED_REQUESTS) {
      this.connection.onRequest(method, (params: unknown) => {
        record(this.serverRequests, method, params);
        return null;
      });
    }
    this.connection.onError(([error]) => {
      if (!this.shuttingDown) this.crashError ??= new Error(`connection error: ${error.message}\n${this.diagnosticsText()}`);
    });
    this.connection.listen();
  }

  private async initialize(): Promise<void> {
    this.initializeResult = await this.request(InitializeRequest.type.method, {
      processId: process.pid,
      clientInfo: { name: 'spark-advisor-protocol-tests' },
      rootUri: this.workspaceUri,
      workspaceFolders: this.rootUriOnly ? null : [{ uri: this.workspaceUri, name: path.basename(this.workspaceFolder) }],
      initializationOptions: this.initializationOptions,
      capabilities: {
        window: { workDoneProgress: true },
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          diagnostics: { refreshSupport: true },
          codeLens: { refreshSupport: true },
          applyEdit: true,
          workspaceEdit: { documentChanges: false },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          codeAction: {
            dynamicRegistration: false,
            isPreferredSupport: true,
            codeActionLiteralSupport: {
              codeActionKind: { valueSet: [CodeActionKind.Empty, CodeActionKind.QuickFix, CodeActionKind.Source, CodeActionKind.SourceFixAll] },
            },
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeLens: { dynamicRegistration: false },
        },
        general: { positionEncodings: ['utf-16'] },
      },
    }, 30_000);
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Sends a request; fails with the server's stderr and log if it crashes or does not answer in time. */
  /** Sends a request; `token` lets a test cancel it ($/cancelRequest) as an editor does. */
  async request<R>(method: string, params: unknown, timeoutMs = this.requestTimeoutMs, token?: CancellationToken): Promise<R> {
    this.assertAlive();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} got no answer within ${timeoutMs} ms\n${this.diagnosticsText()}`)), timeoutMs);
    });
    try {
      const response = (token ? this.connection.sendRequest(method, params, token) : this.connection.sendRequest(method, params)) as Promise<R>;
      response.catch(() => undefined); // a response that loses the race must not become an unhandled rejection
      return await Promise.race([response, this.crashed, timeout]);
    } catch (error) {
      if (this.crashError && error !== this.crashError) throw this.crashError;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async notify(method: string, params: unknown): Promise<void> {
    this.assertAlive();
    await this.connection.sendNotification(method, params);
  }

  /** Throws (with the server's stderr) if the server has died or the connection broke. */
  assertAlive(): void {
    if (this.crashError) throw this.crashError;
  }

  get serverStderr(): string {
    return this.stderr;
  }

  /** `window/logMessage` errors: the server logs analysis failures there instead of answering with an error. */
  loggedErrors(): string[] {
    return this.notifications
      .filter((n) => n.method === LogMessageNotification.method && (n.params as { type: number }).type === MessageType.Error)
      .map((n) => (n.params as { message: string }).message);
  }

  private diagnosticsText(): string {
    const log = this.notifications.filter((n) => n.method === LogMessageNotification.method).map((n) => (n.params as { message: string }).message);
    return `--- server stderr ---\n${this.stderr || '(empty)'}\n--- server log ---\n${log.join('\n') || '(empty)'}`;
  }

  // ── documents ──────────────────────────────────────────────────────────────────────────────

  /** A `file:` URI for a path relative to the workspace folder (the file need not exist). */
  uri(relativePath: string): string {
    return pathToFileURL(path.join(this.workspaceFolder, relativePath)).toString();
  }

  text(uri: string): string {
    const document = this.texts.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document.text;
  }

  async open(uri: string, text: string, languageId = uri.endsWith('.scala') ? 'scala' : 'python'): Promise<void> {
    this.texts.set(uri, { text, version: 1, languageId });
    await this.notify(DidOpenTextDocumentNotification.method, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends incremental change events (applied in order) and tracks the resulting text. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<string> {
    const document = this.texts.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    document.text = applyContentChanges(document.text, changes);
    document.version++;
    await this.notify(DidChangeTextDocumentNotification.method, { textDocument: { uri, version: document.version }, contentChanges: changes });
    return document.text;
  }

  /** Applies TextEdits (ranges in the current text, as in a WorkspaceEdit) as incremental changes. */
  async applyEdits(uri: string, edits: readonly TextEdit[]): Promise<string> {
    return this.change(uri, toContentChanges(this.text(uri), edits));
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.notify(DidCloseTextDocumentNotification.method, { textDocument: { uri } });
  }

  // ── requests ───────────────────────────────────────────────────────────────────────────────

  async diagnostics(uri: string, timeoutMs?: number): Promise<Diagnostic[]> {
    const report = await this.request<{ kind: string; items?: Diagnostic[] }>(DocumentDiagnosticRequest.method, { textDocument: { uri } }, timeoutMs);
    if (report.kind !== DocumentDiagnosticReportKind.Full) throw new Error(`expected a full diagnostic report, got ${JSON.stringify(report)}`);
    return report.items ?? [];
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<Array<CodeAction | Command>> {
    return (await this.request<Array<CodeAction | Command> | null>(CodeActionRequest.method, { textDocument: { uri }, range, context: { diagnostics, only } })) ?? [];
  }

  async hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request<Hover | null>(HoverRequest.method, { textDocument: { uri }, position });
  }

  async codeLenses(uri: string): Promise<CodeLens[]> {
    return (await this.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } })) ?? [];
  }

  /** Tells the server a workspace folder was added (multi-root workspaces). */
  async addWorkspaceFolder(folder: string): Promise<void> {
    const uri = pathToFileURL(folder).toString();
    await this.notify(DidChangeWorkspaceFoldersNotification.method, { event: { added: [{ uri, name: path.basename(folder) }], removed: [] } });
  }

  /** Replaces the settings and tells the server, as VS Code does (the server pulls them back). */
  async changeSettings(settings: Settings): Promise<void> {
    this.settings = settings;
    await this.notify(DidChangeConfigurationNotification.method, { settings: { sparkAdvisor: settings } });
  }

  /** Resolves with the first notification (or server request, with `request: true`) matching, including ones already received after `since`. */
  waitFor(method: string, { since = 0, timeoutMs = 5000, request = false, test = () => true }: { since?: number; timeoutMs?: number; request?: boolean; test?: (params: unknown) => boolean } = {}): Promise<ReceivedMessage> {
    const matches = (m: ReceivedMessage) => m.method === method && m.at >= since && test(m.params);
    const already = (request ? this.serverRequests : this.notifications).find(matches);
    if (already) return Promise.resolve(already);
    return new Promise<ReceivedMessage>((resolve, reject) => {
      const waiter = { test: matches, resolve: (m: ReceivedMessage) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} ${request ? 'request' : 'notification'} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
      this.crashed.catch((error: Error) => (clearTimeout(timer), reject(error)));
    });
  }

  // ── shutdown ───────────────────────────────────────────────────────────────────────────────

  /** `shutdown` + `exit`; kills the server if it has not exited within 5 s. Returns its exit code (null when killed). */
  async shutdown(): Promise<number | null | undefined> {
    if (this.shuttingDown) {
      await this.exited;
      return this.exitCode;
    }
    const alreadyDead = this.crashError !== undefined || this.exitCode !== undefined;
    this.shuttingDown = true;
    if (!alreadyDead) {
      // One budget for the whole sequence: shutdown answered, exit sent, process gone.
      const deadline = delay(SHUTDOWN_GRACE_MS);
      try {
        const response = this.connection.sendRequest(ShutdownRequest.type);
        response.catch(() => undefined);
        await Promise.race([response, this.exited, deadline]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // the process is going away; the kill below handles a server that does not
      }
      const exitedInTime = await Promise.race([this.exited.then(() => true), deadline.then(() => false)]);
      if (!exitedInTime) {
        this.killedAfterShutdown = true;
        this.child.kill('SIGKILL');
        await this.exited;
      }
    }
    this.connection.dispose();
    if (this.ownsFolder) fs.rmSync(this.workspaceFolder, { recursive: true, force: true });
    return this.exitCode;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts a client for a mocha `describe` block and shuts it down afterwards; `afterEach` fails the test if the server died. */
export function useServer(options: StartOptions | (() => StartOptions) = {}): () => LspClient {
  let client: LspClient | undefined;
  before(async function () {
    this.timeout(30_000);
    client = await LspClient.start(typeof options === 'function' ? options() : options);
  });
  afterEach(function () {
    client?.assertAlive();
  });
  after(async function () {
    this.timeout(10_000);
    const exitCode = await client?.shutdown();
    if (client && exitCode !== 0) throw new Error(`the server did not exit cleanly after shutdown/exit (exit code ${exitCode})\n${client.serverStderr}`);
  });
  return () => {
    if (!client) throw new Error('the language server did not start');
    return client;
  };
}
