import { expect, it } from 'vitest';
import xml from './FIX44-tessera.xml?raw';
import { FIX44_TESSERA_XML } from './fix44Tessera';

it('fix44Tessera.ts holds FIX44-tessera.xml as it is (else run node src-shared/fix/dictionary/node/embedDictionary.mjs)', () => {
  expect(FIX44_TESSERA_XML).toBe(xml);
});
