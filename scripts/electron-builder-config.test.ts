// The installer configuration and the release workflow, checked offline: electron-builder.yml
// through electron-builder's own validation (the exact step `electron-builder` runs before it
// packages anything), and release.yml for the jobs, targets and matrix it must have.
import { Packager } from 'electron-builder';
import type { Configuration, TargetConfiguration } from 'electron-builder';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = join(root, 'electron-builder.yml');
const workflowFile = join(root, '.github', 'workflows', 'release.yml');
const configText = readFileSync(configFile, 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'tessera-builder-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Loads and validates a config file the way `electron-builder --config FILE` does (YAML loading,
// merging, package.json checks, then validation against electron-builder's JSON schema).
async function validate(file: string): Promise<Configuration> {
  const packager = new Packager({ projectDir: root, config: file });
  await packager.validateConfig();
  return packager.config;
}

let copies = 0;
function brokenCopy(find: string, replace: string): string {
  expect(configText, `electron-builder.yml no longer contains ${JSON.stringify(find)}`).toContain(find);
  const file = join(scratch, `broken-${++copies}.yml`);
  writeFileSync(file, configText.replace(find, replace));
  return file;
}

// The YAML parser electron-builder itself loads configs with (a dependency of app-builder-lib).
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = requireFromBuilder('js-yaml') as { load(text: string): unknown };

interface TargetSpec {
  targets: string[];
  archs: string[];
}

function targetSpec(target: unknown): TargetSpec {
  const entries = (Array.isArray(target) ? target : [target]) as (string | TargetConfiguration)[];
  const targets: string[] = [];
  const archs: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      targets.push(entry);
      continue;
    }
    targets.push(entry.target);
    const entryArchs = entry.arch === undefined ? [] : Array.isArray(entry.arch) ? entry.arch : [entry.arch];
    archs.push(...entryArchs.map(String));
  }
  return { targets: [...new Set(targets)].sort(), archs: [...new Set(archs)].sort() };
}

// `--win nsis --x64` → { win: { targets: [nsis], archs: [x64] } }, as electron-builder's CLI reads it.
function cliTargets(args: string): Map<string, TargetSpec> {
  const result = new Map<string, TargetSpec>();
  const archs: string[] = [];
  let platform: string | undefined;
  for (const word of args.trim().split(/\s+/)) {
    if (word === '--win' || word === '--mac' || word === '--linux') {
      platform = word.slice(2);
      result.set(platform, { targets: [], archs });
    } else if (['--x64', '--arm64', '--ia32', '--armv7l', '--universal'].includes(word)) {
      archs.push(word.slice(2));
    } else if (platform !== undefined && !word.startsWith('-')) {
      result.get(platform)!.targets.push(word);
    } else {
      throw new Error(`unexpected electron-builder argument ${word}`);
    }
  }
  for (const spec of result.values()) {
    spec.targets.sort();
    spec.archs = [...new Set(spec.archs)].sort();
  }
  return result;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own configuration validation', async () => {
    await expect(validate(configFile)).resolves.toMatchObject({ appId: 'com.tessera.workstation', productName: 'Tessera' });
  });

  it('fails validation on an unknown top-level option, with electron-builder\'s message', async () => {
    const file = brokenCopy('\nnpmRebuild: true\n', '\nnpmRebuild: true\ninstallerFlavour: deluxe\n');
    await expect(validate(file)).rejects.toThrow(/configuration has an unknown property 'installerFlavour'/);
  });

  it('fails validation on an option of the wrong type', async () => {
    const file = brokenCopy('  perMachine: false\n', '  perMachine: "yes"\n');
    await expect(validate(file)).rejects.toThrow(/configuration\.nsis\.perMachine should be a boolean/);
  });

  it('fails validation on a target for an architecture that does not exist', async () => {
    const file = brokenCopy('        - arm64\n', '        - arm65\n');
    await expect(validate(file)).rejects.toThrow(/configuration\.mac\.target\.0\.arch\.0 should be one of these/);
  });

  it('fails validation on a misplaced option (a dmg option under nsis)', async () => {
    const file = brokenCopy('  oneClick: false\n', '  oneClick: false\n  background: assets/icon.svg\n');
    await expect(validate(file)).rejects.toThrow(/configuration\.nsis should be one of these/);
  });

  it('builds a per-user NSIS installer for Windows x64 where the user chooses the folder', async () => {
    const config = await validate(configFile);
    expect(targetSpec(config.win?.target)).toEqual({ targets: ['nsis'], archs: ['x64'] });
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
    });
  });

  it('builds dmgs for Apple silicon and Intel with hardened runtime, entitlements and notarization', async () => {
    const config = await validate(configFile);
    const mac = config.mac!;
    expect(targetSpec(mac.target)).toEqual({ targets: ['dmg'], archs: ['arm64', 'x64'] });
    expect(mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    const entitlements = readFileSync(join(root, mac.entitlements!), 'utf8');
    const granted = [...entitlements.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]);
    expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
    expect(mac.entitlementsInherit).toBe(mac.entitlements);
  });

  it('keeps signing and notarization credentials out of the file', async () => {
    const config = await validate(configFile);
    for (const options of [config, config.mac, config.win]) {
      expect(options).not.toHaveProperty('cscLink');
      expect(options).not.toHaveProperty('cscKeyPassword');
    }
    expect(config.mac).not.toHaveProperty('identity');
    expect(configText).not.toMatch(/password:|APPLE_ID:|BEGIN PRIVATE KEY/i);
  });

  it('rebuilds native modules for Electron and unpacks them from the asar', async () => {
    const config = await validate(configFile);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('sets the secure Electron fuses but keeps --inspect for Playwright', async () => {
    const config = await validate(configFile);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableNodeCliInspectArguments: true,
    });
  });

  it('points at icons, entitlements and an entry point that exist or are built', async () => {
    const config = await validate(configFile);
    for (const file of [config.win?.icon, config.mac?.icon, config.nsis?.installerIcon, config.mac?.entitlements]) {
      expect(file).toBeTypeOf('string');
      expect(existsSync(join(root, file!)), `${file} is missing`).toBe(true);
    }
    const main = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }).main;
    const files = JSON.stringify(config.files);
    expect(files).toContain(`${dirname(main)}/**`);
    expect(files).toContain('out/preload/**');
    expect(files).toContain('out/renderer/**');
  });
});

interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Workflow {
  on: { push?: { tags?: string[] }; workflow_dispatch?: unknown };
  jobs: Record<string, {
    'runs-on': string;
    strategy: { matrix: { include: Record<string, string>[] } };
    steps: WorkflowStep[];
  }>;
}

// Every `${{ matrix.key }}` the workflow uses must be defined by every matrix entry; GitHub
// would otherwise substitute an empty string and, say, build nothing.
function undefinedMatrixKeys(workflowText: string, include: Record<string, string>[]): string[] {
  const used = new Set([...workflowText.matchAll(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g)].map((match) => match[1]!));
  return [...used].filter((key) => include.some((entry) => !(key in entry)));
}

describe('.github/workflows/release.yml', () => {
  const workflowText = readFileSync(workflowFile, 'utf8');
  const workflow = yaml.load(workflowText) as Workflow;
  const job = workflow.jobs.installers!;
  const include = job.strategy.matrix.include;
  const runs = job.steps.flatMap((step) => (step.run === undefined ? [] : [step.run.trim()]));

  it('runs on a version tag and by hand', () => {
    expect(workflow.on.push?.tags).toEqual(['v*']);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
  });

  it('builds on a Windows and a macOS runner with Node 22', () => {
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    expect(include.map((entry) => entry.os).sort()).toEqual(['macos-latest', 'windows-latest']);
    const setupNode = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with?.['node-version']).toBe(22);
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm run build']));
  });

  it('runs electron-builder with our config, never publishing, for the targets the config declares', async () => {
    const builder = runs.find((run) => run.startsWith('npx electron-builder'));
    expect(builder).toBe('npx electron-builder --config electron-builder.yml ${{ matrix.targets }} --publish never');
    const config = await validate(configFile);
    const byOs = new Map(include.map((entry) => [entry.os, cliTargets(entry.targets!)]));
    expect(byOs.get('windows-latest')).toEqual(new Map([['win', targetSpec(config.win?.target)]]));
    expect(byOs.get('macos-latest')).toEqual(new Map([['mac', targetSpec(config.mac?.target)]]));
  });

  it('uses only matrix keys that every entry defines', () => {
    expect(undefinedMatrixKeys(workflowText, include)).toEqual([]);
    expect(undefinedMatrixKeys(workflowText.replace('${{ matrix.targets }}', '${{ matrix.target }}'), include)).toEqual(['target']);
  });

  it('maps the signing and notarization secrets into the environment electron-builder reads', () => {
    const credentials = job.steps.find((step) => step.env?.['MAC_CSC_LINK'] !== undefined)!;
    for (const secret of ['MAC_CSC_LINK', 'MAC_CSC_KEY_PASSWORD', 'APPLE_API_KEY_P8', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER',
      'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']) {
      expect(credentials.env?.[secret]).toBe(`\${{ secrets.${secret} }}`);
    }
    for (const variable of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER',
      'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']) {
      expect(credentials.run).toMatch(new RegExp(`pass_on ${variable} `));
    }
  });

  it('uploads the installers from electron-builder\'s output folder and fails when there are none', async () => {
    const output = (await validate(configFile)).directories?.output;
    expect(output).toBe('dist');
    const upload = job.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: '${{ matrix.artifact }}', path: '${{ matrix.files }}', 'if-no-files-found': 'error' });
    expect(include.find((entry) => entry.os === 'windows-latest')?.files).toContain('dist/*.exe');
    expect(include.find((entry) => entry.os === 'macos-latest')?.files).toContain('dist/*.dmg');
  });
});
