import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tesseraEntry } from '../harness/build';
import { interopSuite } from '../harness/testing';
import { runScripts, scriptsIn } from './AcceptanceRunner';

// QuickFIX-format session-level acceptance scripts against `tessera fix-acceptor --echo`, set up
// as QuickFIX's acceptance-test server is: SenderCompID ISLD, TargetCompID TW, ResetOnLogon=Y, a
// file store, one process for every script in turn. FIX_ACCEPTANCE_DEFINITIONS points the same
// test at another folder of `.def` files (e.g. QuickFIX's test/definitions/server/fix44).

const definitions = process.env['FIX_ACCEPTANCE_DEFINITIONS'] ?? join(repoRoot, 'interop', 'acceptance', 'definitions', 'fix44');
const { group, scratch } = interopSuite();

describe('session-level acceptance scripts against tessera fix-acceptor --echo', () => {
  it(`every script in ${definitions} passes`, async () => {
    const scripts = scriptsIn(definitions);
    expect(scripts.length).toBeGreaterThan(0);
    const acceptor = group.start('tessera fix-acceptor', process.execPath, [
      tesseraEntry, 'fix-acceptor', '--echo', '--host', '127.0.0.1', '--port', '0',
      '--sender-comp-id', 'ISLD', '--target-comp-id', 'TW', '--reset-on-logon',
      '--store', scratch(), '--fsync', 'never',
    ]);
    const port = Number((await acceptor.waitForLine(/^listening 127\.0\.0\.1:(\d+)$/, 15_000))[1]);

    const results = await runScripts(scripts, { host: '127.0.0.1', port });

    const failed = results.filter((r) => r.failure !== null);
    const report = failed.map((r) => `${r.name}\n  ${r.failure!.replaceAll('\n', '\n  ')}`).join('\n');
    expect(failed.map((r) => r.name), `${failed.length} of ${results.length} scripts failed:\n${report}`).toEqual([]);
    expect(acceptor.running, acceptor.describe()).toBe(true);
  }, 600_000);
});
