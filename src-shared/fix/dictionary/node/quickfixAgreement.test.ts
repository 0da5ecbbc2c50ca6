import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame } from '../../codec/fixtures';
import { FixView } from '../../codec/FixView';
import { FixDictionary } from '../FixDictionary';

// Holds FIX44-tessera.xml and our validator against QuickFIX C++ 1.15.1 (Debian
// libquickfix-dev, installed by scripts/system-deps.sh): QuickFIX must load the file, and on
// each message both must give the same verdict, except where a row names QuickFIX's own.

const here = join(import.meta.dirname, '..');
const dictionaryFile = join(here, 'FIX44-tessera.xml');
let workDir = '';
let oracle = '';

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'tessera-quickfix-'));
  oracle = join(workDir, 'quickfixOracle');
  const build = spawnSync(
    'g++',
    ['-std=gnu++14', '-DENABLE_BOOST_ATOMIC_COUNT', '-w', join(import.meta.dirname, 'quickfixOracle.cpp'), '-o', oracle, '-lquickfix', '-lpthread'],
    { encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`building the QuickFIX oracle failed (run scripts/system-deps.sh):\n${build.stderr}`);
});

afterAll(() => {
  if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
});

function quickfixVerdicts(frames: Uint8Array[]): string[] {
  const input = frames.map((f) => Buffer.from(f).toString('hex')).join('\n') + '\n';
  const run = spawnSync(oracle, [dictionaryFile], { input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`QuickFIX oracle failed: ${run.stderr}`);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines[0]).toBe('loaded FIX.4.4');
  return lines.slice(1);
}

const dictionary = FixDictionary.tessera();
const view = new FixView();

function ourVerdict(bytes: Uint8Array): string {
  const error = dictionary.validate(view.reset(bytes));
  if (error === null) return 'valid';
  if (error.businessReject === true) return 'business reject';
  return `reject ${error.sessionRejectReason} ${error.refTagID ?? 0}`;
}

const H = '49=A|56=B|34=2|52=20260101-00:00:00.000|';
const order = `35=D|${H}11=c1|21=1|55=ES|54=1|60=20260101-00:00:00.000|38=1|40=2|44=1.25|`;

/** [what, body, our verdict, QuickFIX's verdict when it differs]. */
const cases: [string, string, string, string?][] = [
  ['a NewOrderSingle', order, 'valid'],
  ['an order with FFT3 and 25029', `${order}20003=2014|25029=5454470083888094|`, 'valid'],
  ['the T4 master logon (90 before 91)', `35=A|49=T4Test|56=test|34=1|50=MasterUser|52=20150611-17:41:56.934|90=36|91=64768859-3ACF-4224-A4E9-DA66901AFC63|98=0|108=25|553=MasterUser|554=_password_|1407=58BD-B00F-5805-98AA-BD46-0417-C2B8-9C5F|384=2|372=d|372=UCG|`, 'valid'],
  ['the T4 logon response', `35=A|49=test|56=T4Test|34=1|50=T4FIX|52=20150611-17:41:57.110|98=0|108=30|553=MasterUser|554=***|1408=4.3.34.4|`, 'valid'],
  ['a trader logon', `35=UCG|${H}90=3|91=lic|109=ORG|553=T|554=p|`, 'valid'],
  ['a trader logon response', `35=UCH|${H}553=T|58=Success|`, 'valid'],
  ['a trader logout', `35=UCI|${H}553=T|`, 'valid'],
  // SPEC §2: we accept the T4 sample's order; QuickFIX cannot read it.
  ['a trader logon sent 91 before 90', `35=UCG|${H}91=lic|90=3|553=T|554=p|`, 'valid', 'garbled'],
  ['a market data request', `35=V|${H}262=r|263=1|264=0|267=2|269=0|269=1|146=1|55=ES|`, 'valid'],
  ['a snapshot', `35=W|${H}55=ES|268=2|269=0|270=5000.25|271=3|269=1|270=5000.5|271=4|`, 'valid'],
  ['a heartbeat', `35=0|${H}`, 'valid'],
  ['a logout', `35=5|${H}58=bye|`, 'valid'],
  ['a test request', `35=1|${H}112=t|`, 'valid'],
  ['a resend request', `35=2|${H}7=1|16=0|`, 'valid'],
  ['a reject', `35=3|${H}45=1|371=44|372=D|373=5|58=Value is incorrect (out of range) for this tag|`, 'valid'],
  ['a sequence reset', `35=4|${H}123=Y|36=10|`, 'valid'],
  ['a business message reject', `35=j|${H}45=3|372=ZZ|380=3|`, 'valid'],
  ['an execution report', `35=8|${H}37=o1|11=c1|17=e1|150=0|39=0|55=ES|54=1|38=1|40=2|44=1.25|151=1|14=0|6=0|20003=1|`, 'valid'],
  ['an unknown tag', `${order}9999=x|`, 'reject 0 9999'],
  // QuickFIX's DataDictionary leaves a missing MsgSeqNum to its Session, which rejects it.
  ['a missing header tag', `35=D|49=A|56=B|52=20260101-00:00:00|11=c1|55=ES|54=1|60=20260101-00:00:00|40=1|`, 'reject 1 34', 'valid'],
  ['a missing body tag', `35=D|${H}11=c1|55=ES|60=20260101-00:00:00|38=1|40=1|`, 'reject 1 54'],
  ['a missing UCG password', `35=UCG|${H}553=T|`, 'reject 1 554'],
  ['a tag of another message', `${order}108=30|`, 'reject 2 108'],
  ['an empty value', `${order}58=|`, 'reject 4 58'],
  ['a Side out of range', order.replace('54=1', '54=Z'), 'reject 5 54'],
  ['an ExecInst item out of range', `${order}18=1 2 !|`, 'reject 5 18'],
  ['a bad price', order.replace('44=1.25', '44=1e5'), 'reject 6 44'],
  ['a bad quantity', order.replace('38=1', '38=one'), 'reject 6 38'],
  ['a bad MsgSeqNum', order.replace('34=2', '34=2.0'), 'reject 6 34'],
  ['a bad timestamp', order.replace('60=20260101-00:00:00.000', '60=20260101 00:00:00'), 'reject 6 60'],
  ['a bad boolean', order.replace('34=2|', '34=2|43=X|'), 'reject 6 43'],
  ['a two-letter char', order.replace('54=1', '54=12'), 'reject 6 54'],
  ['an unknown MsgType', `35=ZZ|${H}`, 'reject 11 0'],
  // FIX: a valid MsgType the application does not support gets a BusinessMessageReject (380=3).
  ['a FIX 4.4 MsgType we do not take', `35=6|${H}23=i|28=N|55=ES|54=1|27=S|`, 'business reject', 'reject 11 0'],
  ['a repeated tag', `${order}44=2|`, 'reject 13 44'],
  ['a header tag after the body', `35=D|49=A|56=B|34=2|11=c1|52=20260101-00:00:00|54=1|60=20260101-00:00:00|40=1|`, 'reject 14 52'],
  ['too few group entries', `35=V|${H}262=r|263=1|264=0|267=2|269=0|146=1|55=ES|`, 'reject 16 267'],
  ['too many group entries', `35=V|${H}262=r|263=1|264=0|267=1|269=0|269=1|146=1|55=ES|`, 'reject 16 267'],
  // FIX's reason 15 names the cause; QuickFIX counts entries differently and reports 16.
  ['a group entry not led by its first field', `35=A|${H}98=0|108=30|384=2|385=R|372=d|372=UCG|`, 'reject 15 385', 'reject 16 384'],
];

describe('FIX44-tessera.xml under QuickFIX C++', () => {
  it('our validator and QuickFIX’s DataDictionary agree, message by message', () => {
    const frames = cases.map(([, body]) => frame(body));
    const theirs = quickfixVerdicts(frames);
    const table = cases.map(([what, , ours, quickfix], i) => [what, ourVerdict(frames[i]!), theirs[i]!.startsWith('garbled') ? 'garbled' : theirs[i]!, ours, quickfix ?? ours]);
    expect(table.map(([what, ours, theirs]) => [what, ours, theirs])).toEqual(table.map(([what, , , ours, quickfix]) => [what, ours, quickfix]));
  });
});
