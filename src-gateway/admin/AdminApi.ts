import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { canAdminister } from '../auth/entitlements';
import { invalidCredentials, type LogonAuthority } from '../auth/logon';
import type { PasswordHasher } from '../auth/passwords';
import { StoreError, type GatewayStore } from '../store/GatewayStore';
import type { UserRecord } from '../store/records';
import { AdminSessions, type AdminIdentity } from './AdminSessions';
import type { InstrumentControl } from './instrumentControl';
import {
  accountChangesBody,
  auditQuery,
  burstBody,
  exchangeChangesBody,
  loginBody,
  marketBody,
  newAccountBody,
  newUserBody,
  passwordBody,
  riskLimitsBody,
  userChangesBody,
} from './schemas';

// The gateway's admin API (SPEC §3 User Setup, §11 Admin): JSON over HTTP on 127.0.0.1 only,
// for the workstation's main process and tests. An Admin user logs in for a bearer token;
// every body is validated by a schema; every change goes through the store, which applies it at
// once and audits it. Passwords and hashes never appear in a response, a log line or the audit.

/** How the admin API opens and closes markets, reads books and runs bursts; the gateway wires it to the matching engine. */
export interface MarketControl extends InstrumentControl {
  /** Whether the exchange's market is open; undefined when no market of that exchange runs. */
  isMarketOpen(exchange: string): boolean | undefined;
  setMarketOpen(exchange: string, open: boolean): void | Promise<void>;
}

export interface AdminApiOptions {
  store: GatewayStore;
  authority: LogonAuthority;
  hasher: PasswordHasher;
  market: MarketControl;
  /** 0 picks a free port. */
  port: number;
  tokenTtlMs: number;
  /** Milliseconds since the epoch (token expiry); tests move it. */
  now?: () => number;
  /** One line per request: who, method, path, status. Never a body. */
  log?: (line: string) => void;
}

export interface AdminApi {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const loopback = '127.0.0.1';
const maxBodyBytes = 64 * 1024;

interface Problem {
  field: string;
  message: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems?: Problem[],
  ) {
    super(message);
  }
}

interface Reply {
  status: number;
  body?: unknown;
}

interface RequestContext {
  readonly params: readonly string[];
  readonly body: unknown;
  readonly query: URLSearchParams;
  readonly token: string | undefined;
  /** The logged-in admin; set for every route but login. */
  readonly admin: AdminIdentity;
  readonly actor: string;
}

type Handler = (context: RequestContext) => Reply | Promise<Reply>;

interface Route {
  method: string;
  segments: readonly string[];
  handler: Handler;
  public: boolean;
}

export async function startAdminApi(options: AdminApiOptions): Promise<AdminApi> {
  const { store, authority, hasher, market } = options;
  const sessions = new AdminSessions(options.tokenTtlMs, options.now);
  const log = options.log ?? (() => undefined);

  const routes: Route[] = [];
  function on(method: string, path: string, handler: Handler, isPublic = false): void {
    routes.push({ method, segments: path.split('/').filter(Boolean), handler, public: isPublic });
  }

  on(
    'POST',
    '/login',
    async ({ body }) => {
      const login = validate(loginBody, body);
      const user = await authority.authenticate(login.firm, login.username, login.password);
      if (!user) throw new HttpError(401, invalidCredentials);
      const admin = canAdminister(user);
      if (!admin.allowed) throw new HttpError(403, admin.reason);
      const { token, expiresAt } = sessions.issue({ firm: user.firm, username: user.username });
      return { status: 200, body: { token, expiresAt: new Date(expiresAt).toISOString(), user } };
    },
    true,
  );
  on('POST', '/logout', ({ token }) => {
    if (token) sessions.revoke(token);
    return { status: 204 };
  });
  on('GET', '/me', ({ admin }) => ({ status: 200, body: store.user(admin.firm, admin.username) }));

  on('GET', '/applications', () => ({ status: 200, body: store.applications().map((application) => ({ name: application.name })) }));

  on('GET', '/users', ({ admin }) => ({ status: 200, body: store.users(admin.firm) }));
  on('GET', '/users/:username', ({ admin, params }) => ({ status: 200, body: found(store.user(admin.firm, params[0]!), `Unknown user ${params[0]}`) }));
  on('POST', '/users', async ({ admin, actor, body }) => {
    const { password, ...user } = validate(newUserBody, body);
    const passwordHash = await hasher.hash(password);
    return { status: 201, body: store.createUser(actor, admin.firm, { ...user, passwordHash }) };
  });
  on('PATCH', '/users/:username', ({ admin, actor, params, body }) => {
    const changes = validate(userChangesBody, body);
    if (changes.roles && !changes.roles.includes('Admin') && sameUser(admin, params[0]!)) {
      throw new HttpError(409, 'You cannot remove the Admin role from yourself');
    }
    return { status: 200, body: store.updateUser(actor, admin.firm, params[0]!, changes) };
  });
  on('PUT', '/users/:username/password', async ({ admin, actor, params, body }) => {
    const { password } = validate(passwordBody, body);
    found(store.user(admin.firm, params[0]!), `Unknown user ${params[0]}`);
    store.setPasswordHash(actor, admin.firm, params[0]!, await hasher.hash(password));
    return { status: 204 };
  });
  on('DELETE', '/users/:username', ({ admin, actor, params }) => {
    if (sameUser(admin, params[0]!)) throw new HttpError(409, 'You cannot delete yourself');
    store.deleteUser(actor, admin.firm, params[0]!);
    return { status: 204 };
  });

  on('GET', '/accounts', ({ admin }) => ({
    status: 200,
    body: store.accounts(admin.firm).map((account) => ({ ...account, riskLimits: store.riskLimits(admin.firm, account.number) ?? noLimits })),
  }));
  on('GET', '/accounts/:number', ({ admin, params }) => {
    const account = found(store.account(admin.firm, params[0]!), `Unknown account ${params[0]}`);
    return { status: 200, body: { ...account, riskLimits: store.riskLimits(admin.firm, account.number) ?? noLimits } };
  });
  on('POST', '/accounts', ({ admin, actor, body }) => ({ status: 201, body: store.createAccount(actor, admin.firm, validate(newAccountBody, body)) }));
  on('PATCH', '/accounts/:number', ({ admin, actor, params, body }) => ({
    status: 200,
    body: store.updateAccount(actor, admin.firm, params[0]!, validate(accountChangesBody, body)),
  }));
  on('DELETE', '/accounts/:number', ({ admin, actor, params }) => {
    store.deleteAccount(actor, admin.firm, params[0]!);
    return { status: 204 };
  });
  on('GET', '/accounts/:number/risk-limits', ({ admin, params }) => {
    found(store.account(admin.firm, params[0]!), `Unknown account ${params[0]}`);
    return { status: 200, body: store.riskLimits(admin.firm, params[0]!) ?? noLimits };
  });
  on('PUT', '/accounts/:number/risk-limits', ({ admin, actor, params, body }) => ({
    status: 200,
    body: store.setRiskLimits(actor, admin.firm, params[0]!, validate(riskLimitsBody, body)),
  }));

  on('GET', '/exchanges', () => ({
    status: 200,
    body: store.exchanges().map((exchange) => ({ ...exchange, marketOpen: market.isMarketOpen(exchange.name) ?? null })),
  }));
  on('PATCH', '/exchanges/:name', ({ actor, params, body }) => {
    const exchange = store.updateExchange(actor, params[0]!, validate(exchangeChangesBody, body));
    return { status: 200, body: { ...exchange, marketOpen: market.isMarketOpen(exchange.name) ?? null } };
  });
  on('POST', '/exchanges/:name/market', async ({ actor, params, body }) => {
    const name = params[0]!;
    const { open } = validate(marketBody, body);
    found(store.exchange(name), `Unknown exchange ${name}`);
    const before = market.isMarketOpen(name) ?? null;
    try {
      await market.setMarketOpen(name, open);
    } catch (error) {
      throw new HttpError(503, `Could not ${open ? 'open' : 'close'} the ${name} market: ${error instanceof Error ? error.message : String(error)}`);
    }
    const after = market.isMarketOpen(name) ?? null;
    store.recordEvent(actor, open ? 'open' : 'close', 'market', name, null, { open: before }, { open: after });
    return { status: 200, body: { name, marketOpen: after } };
  });

  // An instrument's book as the engine holds it, and the synthetic burst (BurstFlow) that
  // benchmarks run on one instrument: nothing runs until an admin starts one.
  const unknownInstrument = (params: readonly string[]) => `Unknown instrument ${params[1]} on ${params[0]}`;
  on('GET', '/exchanges/:name/instruments/:symbol/book', ({ params }) => ({
    status: 200,
    body: found(market.book(params[0]!, params[1]!), unknownInstrument(params)),
  }));
  on('GET', '/exchanges/:name/instruments/:symbol/burst', ({ params }) => {
    const burst = found(market.burst(params[0]!, params[1]!), unknownInstrument(params));
    return { status: 200, body: found(burst ?? undefined, `No burst on ${params[0]} ${params[1]}`) };
  });
  on('PUT', '/exchanges/:name/instruments/:symbol/burst', ({ actor, params, body }) => {
    const settings = validate(burstBody, body);
    const before = found(market.burst(params[0]!, params[1]!), unknownInstrument(params));
    const after = found(market.startBurst(params[0]!, params[1]!, settings), unknownInstrument(params));
    store.recordEvent(actor, 'burst', 'market', `${params[0]}/${params[1]}`, null, before && { rate: before.rate }, { rate: after.rate, levels: after.levels, seed: after.seed });
    return { status: 200, body: after };
  });
  on('DELETE', '/exchanges/:name/instruments/:symbol/burst', ({ actor, params }) => {
    const ended = found(market.endBurst(params[0]!, params[1]!), unknownInstrument(params));
    if (!ended) throw new HttpError(404, `No burst on ${params[0]} ${params[1]}`);
    store.recordEvent(actor, 'end-burst', 'market', `${params[0]}/${params[1]}`, null, null, null);
    return { status: 204 };
  });

  on('GET', '/audit', ({ admin, query }) => {
    const filter = validate(auditQuery, Object.fromEntries(query), 'query');
    return { status: 200, body: store.audit({ ...filter, firm: admin.firm }) };
  });

  function sameUser(admin: AdminIdentity, username: string): boolean {
    return admin.username.toLowerCase() === username.toLowerCase();
  }

  function authorize(request: IncomingMessage): { admin: AdminIdentity; token: string } {
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(request.headers.authorization ?? '');
    const admin = match ? sessions.resolve(match[1]!) : undefined;
    if (!match || !admin) throw new HttpError(401, 'Log in first: POST /login, then send Authorization: Bearer <token>');
    // The user may have been changed since the token was issued: the store decides, every time.
    const user: UserRecord | undefined = store.user(admin.firm, admin.username);
    if (!user) {
      sessions.revoke(match[1]!);
      throw new HttpError(401, 'Log in first: POST /login, then send Authorization: Bearer <token>');
    }
    const verdict = canAdminister(user);
    if (!verdict.allowed) throw new HttpError(403, verdict.reason);
    return { admin, token: match[1]! };
  }

  async function handle(request: IncomingMessage, response: ServerResponse, port: number): Promise<Reply> {
    refuseForeignCaller(request, port);
    const url = new URL(request.url ?? '/', `http://${loopback}`);
    const segments = url.pathname.split('/').filter(Boolean).map(decodeSegment);
    const matching = routes.filter((route) => matches(route.segments, segments));
    if (matching.length === 0) throw new HttpError(404, `No such resource: ${url.pathname}`);
    const route = matching.find((candidate) => candidate.method === request.method);
    if (!route) {
      response.setHeader('Allow', matching.map((candidate) => candidate.method).join(', '));
      throw new HttpError(405, `${request.method ?? ''} is not allowed on ${url.pathname}`);
    }
    const identity = route.public ? undefined : authorize(request);
    const body = await readBody(request);
    const params = segments.filter((_, index) => route.segments[index]!.startsWith(':'));
    const admin = identity?.admin ?? { firm: '', username: '' };
    return route.handler({
      params,
      body,
      query: url.searchParams,
      token: identity?.token,
      admin,
      actor: `${admin.firm}/${admin.username}`,
    });
  }

  const server: Server = createServer((request, response) => {
    const port = (server.address() as AddressInfo).port;
    handle(request, response, port)
      .catch((error: unknown) => {
        const reply = errorReply(error);
        if (reply.status === 500) log(`admin: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return reply;
      })
      .then((reply) => {
        send(response, reply);
        log(`admin ${request.method ?? ''} ${new URL(request.url ?? '/', `http://${loopback}`).pathname} ${reply.status}`);
      })
      .catch((error: unknown) => log(`admin: could not answer a request: ${error instanceof Error ? error.message : String(error)}`));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, loopback, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${loopback}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const noLimits = Object.freeze({ maxOrderQty: null, maxPosition: null, priceBandTicks: null });

function found<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new HttpError(404, message);
  return value;
}

function matches(pattern: readonly string[], segments: readonly string[]): boolean {
  return pattern.length === segments.length && pattern.every((part, index) => part.startsWith(':') || part === segments[index]);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `Malformed path segment ${JSON.stringify(segment)}`);
  }
}

/**
 * Only local programs that are not web pages: a Host other than this loopback address means a
 * DNS-rebinding page, and an Origin header means a browser. Main calls the API from Node.
 */
function refuseForeignCaller(request: IncomingMessage, port: number): void {
  const allowedHosts = [`${loopback}:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(request.headers.host ?? '')) throw new HttpError(403, 'The admin API answers requests for 127.0.0.1 only');
  if (request.headers.origin !== undefined) throw new HttpError(403, 'The admin API does not answer browser requests');
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new HttpError(413, `Request body larger than ${maxBodyBytes} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'Send the body as Content-Type: application/json');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

function validate<T extends z.ZodType>(schema: T, value: unknown, what: 'body' | 'query' = 'body'): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue): Problem[] => {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: dotted([...path, key]), message: 'unknown field' }));
    if (issue.code === 'invalid_type' && path.length > 0 && !isPresent(value, path)) return [{ field: dotted(path), message: 'required' }];
    return [{ field: dotted(path), message: issue.message }];
  });
  const summary = problems.map((problem) => (problem.field === '' ? problem.message : `${problem.field}: ${problem.message}`)).join('; ');
  throw new HttpError(400, `Invalid request ${what}: ${summary}`, problems);
}

function isPresent(value: unknown, path: ReadonlyArray<string | number>): boolean {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return false;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current !== undefined;
}

function dotted(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}

function errorReply(error: unknown): Reply {
  if (error instanceof HttpError) {
    return { status: error.status, body: error.problems ? { error: error.message, problems: error.problems } : { error: error.message } };
  }
  if (error instanceof StoreError) {
    const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 400;
    const problems = error.field === undefined ? undefined : [{ field: error.field, message: error.message }];
    return { status, body: problems ? { error: `${error.field}: ${error.message}`, problems } : { error: error.message } };
  }
  return { status: 500, body: { error: 'Internal error in the admin API' } };
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (reply.status === 401) headers['WWW-Authenticate'] = 'Bearer';
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  const json = JSON.stringify(reply.body);
  response.writeHead(reply.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) }).end(json);
}
