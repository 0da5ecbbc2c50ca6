import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../harness/build';

/**
 * QuickFIX's own FIX 4.4 session-level acceptance suite (test/definitions/server/fix44, 59
 * scripts), taken from Debian's quickfix source package — the release libquickfix-dev is built
 * from — at test time rather than copied into this repository. The tarball is checked against
 * the SHA-256 in the package's .dsc, and kept under interop/acceptance/quickfix-suite/
 * (ignored by git) so later runs need no download.
 */
const PACKAGE = 'quickfix_1.15.1+dfsg.orig.tar.gz';
const SHA256 = '2f378b5c57f355bfb4c3d733b560b3b163baad9de113afd0e1325a814660f5c2';
const SUITE = 'test/definitions/server/fix44';

const quickfixSuiteDir = join(repoRoot, 'interop', 'acceptance', 'quickfix-suite');
const quickfixSuiteDefinitions = join(quickfixSuiteDir, 'fix44');

/** The Debian mirror apt uses on this machine (deb.debian.org when none is configured). */
function debianMirror(): string {
  const sources = '/etc/apt/sources.list.d/debian.sources';
  const configured = existsSync(sources) ? /^URIs:\s*(\S+\/debian)\s*$/m.exec(readFileSync(sources, 'utf8'))?.[1] : undefined;
  return configured ?? 'http://deb.debian.org/debian';
}

/** Downloads and unpacks the suite unless it is already here; returns its folder of .def files. */
export async function quickfixAcceptanceSuite(): Promise<string> {
  const stamp = join(quickfixSuiteDir, 'SOURCE');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').includes(SHA256)) return quickfixSuiteDefinitions;
  const url = `${debianMirror()}/pool/main/q/quickfix/${PACKAGE}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`QuickFIX acceptance suite: GET ${url} answered ${response.status}`);
  const tarball = Buffer.from(await response.arrayBuffer());
  const digest = createHash('sha256').update(tarball).digest('hex');
  if (digest !== SHA256) throw new Error(`QuickFIX acceptance suite: ${url} has SHA-256 ${digest}, expected ${SHA256}`);

  const work = mkdtempSync(join(tmpdir(), 'tessera-quickfix-suite-'));
  try {
    writeFileSync(join(work, PACKAGE), tarball);
    execFileSync('tar', ['-xzf', PACKAGE, '--strip-components=1', '--wildcards', `*/${SUITE}/*.def`, '*/LICENSE'], { cwd: work });
    const scripts = readdirSync(join(work, SUITE)).filter((name) => name.endsWith('.def'));
    if (scripts.length === 0) throw new Error(`QuickFIX acceptance suite: no .def files under ${SUITE} in ${PACKAGE}`);
    rmSync(quickfixSuiteDir, { recursive: true, force: true });
    mkdirSync(quickfixSuiteDir, { recursive: true });
    renameSync(join(work, SUITE), quickfixSuiteDefinitions);
    renameSync(join(work, 'LICENSE'), join(quickfixSuiteDir, 'LICENSE'));
    writeFileSync(stamp, `${url}\nsha256 ${SHA256}\n${scripts.length} scripts from ${SUITE}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return quickfixSuiteDefinitions;
}
