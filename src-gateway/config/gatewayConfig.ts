import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { JsonSyntaxError, parseLocatedJson, type JsonPath, type LocatedJson } from './locatedJson';

// The gateway's config file (README.md in this folder documents every setting and default).
// Every problem is reported at once, with its JSON path and line, so a firm's administrator
// fixes the file in one pass instead of one error per restart.

export const defaultFixPort = 9878;
export const defaultAdminPort = 9879;

function intIn(min: number, max: number) {
  const error = `expected an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

const port = intIn(0, 65535);
const text = z.string({ error: 'expected a text' }).min(1, { error: 'expected a non-empty text' });
const boolean = z.boolean({ error: 'expected true or false' });

// CompIDs travel in FIX fields: printable ASCII, no '=' and no SOH.
const compId = z
  .string({ error: 'expected a text' })
  .regex(/^[\x21-\x3c\x3e-\x7e]{1,64}$/, { error: 'expected 1 to 64 printable ASCII characters without spaces or "="' });

const tlsSchema = z.strictObject(
  {
    cert: text,
    key: text,
    ca: text.optional(),
  },
  { error: 'expected an object {"cert": path, "key": path}' },
);

const fixSessionSchema = z.strictObject(
  {
    firm: compId,
    application: compId,
  },
  { error: 'expected an object {"firm": TargetCompID, "application": SenderCompID}' },
);

const heartbeatSchema = z
  .strictObject(
    {
      minSeconds: intIn(1, 3600).default(1),
      maxSeconds: intIn(1, 3600).default(300),
    },
    { error: 'expected an object' },
  )
  .prefault({})
  .check((ctx) => {
    if (ctx.value.minSeconds > ctx.value.maxSeconds) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.maxSeconds,
        path: ['maxSeconds'],
        message: `must not be below minSeconds (${ctx.value.minSeconds})`,
      });
    }
  });

const gatewayConfigSchema = z
  .strictObject(
    {
      fix: z
        .strictObject(
          {
            host: text.default('127.0.0.1'),
            port: port.default(defaultFixPort),
            tls: tlsSchema.optional(),
            heartbeat: heartbeatSchema,
            sessions: z
              .union([z.literal('any'), z.array(fixSessionSchema).min(1, { error: 'expected at least one {"firm", "application"} pair' })], {
                error: 'expected "any" or a non-empty list of {"firm", "application"} pairs',
              })
              .default('any'),
          },
          { error: 'expected an object' },
        )
        .prefault({}),
      admin: z
        .strictObject(
          {
            port: port.default(defaultAdminPort),
            tokenTtlMinutes: intIn(1, 24 * 60).default(30),
          },
          { error: 'expected an object' },
        )
        .prefault({}),
      dataDir: text.default('gateway-data'),
      market: z
        .strictObject(
          {
            schedule: z.enum(['always-open', 'scheduled'], { error: 'expected "always-open" or "scheduled"' }).default('always-open'),
            backgroundFlow: boolean.default(true),
            backgroundSeed: intIn(0, 2 ** 32 - 1).default(1),
          },
          { error: 'expected an object' },
        )
        .prefault({}),
      store: z
        .strictObject(
          {
            fsync: z.enum(['full', 'normal'], { error: 'expected "full" or "normal"' }).default('full'),
            seedDemoFirm: boolean.default(true),
          },
          { error: 'expected an object' },
        )
        .prefault({}),
    },
    { error: 'expected a JSON object' },
  )
  .check((ctx) => {
    const { fix, admin } = ctx.value;
    if (fix.port !== 0 && fix.port === admin.port) {
      ctx.issues.push({ code: 'custom', input: admin.port, path: ['admin', 'port'], message: `must differ from fix.port (${fix.port})` });
    }
  });

type ParsedConfig = z.output<typeof gatewayConfigSchema>;

/** Which (TargetCompID, SenderCompID) pairs may log on: any firm/application the store knows, or a fixed list. */
export type FixSessionPolicy = 'any' | ReadonlyArray<{ readonly firm: string; readonly application: string }>;

export interface GatewayConfig {
  readonly fix: {
    /** Listen address of the FIX acceptor. */
    readonly host: string;
    /** 0 picks a free port. */
    readonly port: number;
    /** Absolute paths; TLS is off when absent. */
    readonly tls: { readonly cert: string; readonly key: string; readonly ca: string | undefined } | undefined;
    /** Accepted HeartBtInt (108) range on Logon. */
    readonly heartbeat: { readonly minSeconds: number; readonly maxSeconds: number };
    readonly sessions: FixSessionPolicy;
  };
  /** The admin API always listens on 127.0.0.1. */
  readonly admin: { readonly port: number; readonly tokenTtlMinutes: number };
  /** Absolute. */
  readonly dataDir: string;
  readonly market: {
    readonly schedule: 'always-open' | 'scheduled';
    readonly backgroundFlow: boolean;
    readonly backgroundSeed: number;
  };
  readonly store: {
    /** full: every commit is fsync'd (survives power loss); normal: WAL without fsync per commit (survives a process crash). */
    readonly fsync: 'full' | 'normal';
    readonly seedDemoFirm: boolean;
  };
}

export interface ConfigProblem {
  /** Dotted JSON path, e.g. `fix.sessions[0].firm`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
  readonly line: number | undefined;
}

export class GatewayConfigError extends Error {
  override readonly name = 'GatewayConfigError';

  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(problems.map((problem) => formatProblem(source, problem)).join('\n'));
  }
}

function formatProblem(source: string, problem: ConfigProblem): string {
  const where = problem.line === undefined ? source : `${source}:${problem.line}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

/**
 * Reads and validates a gateway config file. Relative paths in it (dataDir, TLS files) are
 * resolved against the file's folder. Throws GatewayConfigError listing every problem.
 */
export function loadGatewayConfig(path: string): GatewayConfig {
  const source = basename(path);
  let fileText: string;
  try {
    fileText = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `no such file: ${resolve(path)}` : code === 'EISDIR' ? `${resolve(path)} is a folder, not a file` : `cannot read ${resolve(path)} (${code ?? String(error)})`;
    throw new GatewayConfigError(source, [{ path: '', message: why, line: undefined }]);
  }
  return parseGatewayConfig(fileText.replace(/^\uFEFF/, ''), { source, baseDir: dirname(resolve(path)) });
}

/** Validates config text; `source` names it in errors, `baseDir` anchors relative paths. */
export function parseGatewayConfig(configText: string, options: { source: string; baseDir: string }): GatewayConfig {
  let located: LocatedJson;
  try {
    located = parseLocatedJson(configText);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new GatewayConfigError(options.source, [
      { path: '', message: `not valid JSON: ${error.detail} (column ${error.position.column})`, line: error.position.line },
    ]);
  }
  return gatewayConfigFromValue(located.value, { ...options, located });
}

/**
 * Validates an already-parsed config (the embedded gateway builds one in code; `{}` gives
 * every default).
 */
export function gatewayConfigFromValue(value: unknown, options: { source: string; baseDir: string; located?: LocatedJson }): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(value);
  if (!result.success) {
    throw new GatewayConfigError(options.source, problemsOf(result.error.issues, value, options.located));
  }
  const config = resolvePaths(result.data, options.baseDir);
  const fileProblems = missingFiles(config, options.located);
  if (fileProblems.length > 0) throw new GatewayConfigError(options.source, fileProblems);
  return config;
}

/** Whether a Logon's SenderCompID (application) and TargetCompID (firm) may open a session. */
export function allowsSession(policy: FixSessionPolicy, application: string, firm: string): boolean {
  return policy === 'any' || policy.some((pair) => pair.firm === firm && pair.application === application);
}

function resolvePaths(parsed: ParsedConfig, baseDir: string): GatewayConfig {
  const { tls } = parsed.fix;
  return {
    ...parsed,
    fix: {
      ...parsed.fix,
      tls: tls && { cert: resolve(baseDir, tls.cert), key: resolve(baseDir, tls.key), ca: tls.ca === undefined ? undefined : resolve(baseDir, tls.ca) },
    },
    dataDir: resolve(baseDir, parsed.dataDir),
  };
}

function missingFiles(config: GatewayConfig, located: LocatedJson | undefined): ConfigProblem[] {
  const { tls } = config.fix;
  if (!tls) return [];
  const problems: ConfigProblem[] = [];
  for (const key of ['cert', 'key', 'ca'] as const) {
    const file = tls[key];
    if (file === undefined) continue;
    const path = ['fix', 'tls', key];
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) problems.push({ path: dotted(path), message: `no such file: ${file}`, line: located?.positionOf(path)?.line });
  }
  return problems;
}

// A union reports every branch's failure; when the value had the shape of exactly one branch
// (e.g. a list of sessions with one bad entry), that branch's issues are the useful ones.
function matchedBranch(branches: ReadonlyArray<readonly z.core.$ZodIssue[]>): readonly z.core.$ZodIssue[] | undefined {
  const shapeMatched = branches.filter(
    (issues) => !issues.some((issue) => issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value')),
  );
  return shapeMatched.length === 1 ? shapeMatched[0] : undefined;
}

function problemsOf(
  issues: readonly z.core.$ZodIssue[],
  document: unknown,
  located: LocatedJson | undefined,
  prefix: JsonPath = [],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.filter((part): part is string | number => typeof part !== 'symbol')];
    const branch = issue.code === 'invalid_union' ? matchedBranch(issue.errors) : undefined;
    if (branch) {
      problems.push(...problemsOf(branch, document, located, path));
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        problems.push({ path: dotted(keyPath), message: 'unknown setting', line: (located?.keyPositionOf(keyPath) ?? located?.positionOf(keyPath))?.line });
      }
      continue;
    }
    const value = valueAt(document, path);
    const message = value.found ? `${issue.message}, got ${describe(value.value)}` : 'required';
    problems.push({ path: dotted(path), message, line: located?.positionOf(path)?.line });
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function valueAt(document: unknown, path: JsonPath): { found: true; value: unknown } | { found: false } {
  let current = document;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return { found: false };
    current = (current as Record<string | number, unknown>)[part];
  }
  return { found: true, value: current };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function dotted(path: JsonPath): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}
