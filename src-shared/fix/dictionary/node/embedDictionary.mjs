// Writes fix44Tessera.ts, the bundled dictionary as a string constant, from FIX44-tessera.xml.
// A module (rather than an `.xml` import) loads the same way under Vitest, esbuild, Vite and
// in any process. Run after editing the XML: node src-shared/fix/dictionary/node/embedDictionary.mjs
// (fix44Tessera.test.ts fails while the two differ).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const xml = readFileSync(join(here, 'FIX44-tessera.xml'), 'utf8');
writeFileSync(
  join(here, 'fix44Tessera.ts'),
  `// Generated from FIX44-tessera.xml by node/embedDictionary.mjs: edit the XML, then rerun it.\n` +
    `export const FIX44_TESSERA_XML = ${JSON.stringify(xml)};\n`,
);
