import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tesseraEntry } from '../harness/build';
import { interopSuite } from '../harness/testing';
import { runScripts, scriptsIn } from './AcceptanceRunner';
import { quickfixAcceptanceSuite } from './quickfixSuite';

// QuickFIX-format session-level acceptance scripts against `tessera fix-acceptor --echo`, set up
// as QuickFIX's acceptance-test server is: SenderCompID ISLD, TargetCompID TW, ResetOnLogon=Y, a
// file store, one process for every script of a suite in turn. Two suites: ours
// (definitions/fix44) and QuickFIX's own (fetched from Debian's quickfix source package).
// FIX_ACCEPTANCE_DEFINITIONS runs another folder of `.def` files instead, with
// FIX_ACCEPTANCE_TARGET_COMP_ID when its client is not TW (QuickFIX after 1.15 uses TW44).

const other = process.env['FIX_ACCEPTANCE_DEFINITIONS'];
const suites: { name: string; definitions: () => Promise<string>; targetCompID: string }[] =
  other === undefined
    ? [
        { name: "Tessera's scripts", definitions: () => Promise.resolve(join(repoRoot, 'interop', 'acceptance', 'definitions', 'fix44')), targetCompID: 'TW' },
        { name: "QuickFIX 1.15.1's own FIX 4.4 server suite", definitions: quickfixAcceptanceSuite, targetCompID: 'TW' },
      ]
    : [{ name: other, definitions: () => Promise.resolve(other), targetCompID: process.env['FIX_ACCEPTANCE_TARGET_COMP_ID'] ?? 'TW' }];
const { group, scratch } = interopSuite();

describe('session-level acceptance scripts against tessera fix-acceptor --echo', () => {
  it.each(suites)('every script of $name passes', async ({ definitions, targetCompID }) => {
    const scripts = scriptsIn(await definitions());
    expect(scripts.length).toBeGreaterThan(0);
    const acceptor = group.start('tessera fix-acceptor', process.execPath, [
      tesseraEntry, 'fix-acceptor', '--echo', '--host', '127.0.0.1', '--port', '0',
      '--sender-comp-id', 'ISLD', '--target-comp-id', targetCompID, '--reset-on-logon',
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
