import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { buildInteropPeers } from './build';
import { PeerGroup } from './PeerProcess';

/** Per test file: build the peers once, end every started process and remove scratch dirs after each test. */
export function interopSuite(): { group: PeerGroup; scratch: () => string } {
  const group = new PeerGroup();
  const dirs: string[] = [];
  beforeAll(() => buildInteropPeers(), 180_000);
  afterEach(async () => {
    await group.stopAll();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    group,
    scratch: () => {
      const dir = mkdtempSync(join(tmpdir(), 'tessera-interop-'));
      dirs.push(dir);
      return dir;
    },
  };
}
