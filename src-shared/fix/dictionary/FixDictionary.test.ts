import { describe, expect, it } from 'vitest';
import { frame, frameBytes, raw } from '../codec/fixtures';
import { FixView } from '../codec/FixView';
import { FixDictionary } from './FixDictionary';

const dictionary = FixDictionary.tessera();
const H = '49=A|56=B|34=2|52=20260101-00:00:00.000|';
const order = `35=D|${H}11=c1|21=1|55=ES|54=1|60=20260101-00:00:00.000|38=1|40=2|44=1.25|`;
const view = new FixView();

function check(body: string): ReturnType<FixDictionary['validate']> {
  return dictionary.validate(view.reset(frame(body)));
}

function reason(body: string): [number, number | undefined, string] | null {
  const error = check(body);
  return error === null ? null : [error.sessionRejectReason, error.refTagID, error.text];
}

describe('FixDictionary (FIX44-tessera.xml)', () => {
  it('knows the product’s messages, admin or not, and our extensions', () => {
    for (const t of ['0', '1', '2', '3', '4', '5', 'A']) expect(dictionary.isAdmin(t), t).toBe(true);
    for (const t of ['j', 'D', '8', 'F', 'G', '9', 'H', 'AF', 'V', 'W', 'X', 'Y', 'x', 'y', 'c', 'd', 'h', 'g', 'B', 'UCG', 'UCH', 'UCI']) {
      expect(dictionary.isKnownMsgType(t), t).toBe(true);
      expect(dictionary.isAdmin(t), t).toBe(false);
    }
    expect(dictionary.isKnownMsgType('6')).toBe(false);
    expect(dictionary.messageName('UCG')).toBe('TraderLogon');
    expect(dictionary.requiredTags('UCG')).toEqual([553, 554]);
    expect(dictionary.requiredTags('UCH')).toEqual([553, 58]);
    expect(dictionary.requiredTags('UCI')).toEqual([553]);
    expect(dictionary.messageTags('UCG')?.has(109)).toBe(true);
    expect(dictionary.fieldName(25029)).toBe('AlgoComplianceID');
    expect(dictionary.fieldType(20003)).toBe('INT');
    expect(dictionary.fieldTag('FFT3')).toBe(20003);
    expect(dictionary.beginString).toBe('FIX.4.4');
    for (const t of [553, 554, 384, 1407, 1408]) expect(dictionary.messageTags('A')?.has(t), String(t)).toBe(true);
    for (const t of [20003, 25029]) for (const m of ['D', 'G', '8']) expect(dictionary.messageTags(m)?.has(t)).toBe(true);
  });

  it('knows data fields and their length fields', () => {
    expect(dictionary.isDataField(91)).toBe(true);
    expect(dictionary.lengthFieldFor(91)).toBe(90);
    expect(dictionary.lengthFieldFor(96)).toBe(95);
    expect(dictionary.isDataField(90)).toBe(false);
    expect(dictionary.lengthFieldFor(58)).toBeUndefined();
  });

  it('accepts valid messages, the seed’s T4 logons included', () => {
    expect(check(order)).toBeNull();
    expect(check(`35=A|49=T4Test|56=test|34=1|50=MasterUser|52=20150611-17:41:56.934|90=36|91=64768859-3ACF-4224-A4E9-DA66901AFC63|98=0|108=25|553=MasterUser|554=_password_|1407=58BD-B00F-5805-98AA-BD46-0417-C2B8-9C5F|384=2|372=d|372=UCG|`)).toBeNull();
    expect(check(`35=A|49=test|56=T4Test|34=1|50=T4FIX|52=20150611-17:41:57.110|98=0|108=30|553=MasterUser|554=***|1408=4.3.34.4|`)).toBeNull();
    expect(check(`35=UCG|49=T4Test|56=test|34=2|52=20150611-17:42:02.813|91=64768859-3ACF-4224-A4E9-DA66901AFC63|90=36|553=Trader1|554=_TraderPassword_|`)).toBeNull();
    expect(check(`35=UCH|49=test|56=T4Test|34=2|50=T4FIX|52=20150611-17:42:03.486|553=Trader1|58=Success|`)).toBeNull();
    expect(check(`35=UCI|${H}553=Trader1|`)).toBeNull();
    expect(check(`${order}20003=2014|25029=5454470083888094|`)).toBeNull();
    expect(check(`35=V|${H}262=r|263=1|264=0|267=2|269=0|269=1|146=1|55=ES|`)).toBeNull();
    expect(check(`35=W|${H}55=ES|268=2|269=0|270=5000.25|271=3|269=1|270=5000.5|271=4|`)).toBeNull();
    expect(check(`35=5|${H}58=bye|`)).toBeNull();
  });

  it('accepts a data field holding SOH and =', () => {
    const body = new Uint8Array([...raw(`35=UCG|49=A|56=B|90=5|91=`), 0x01, 0x3d, 0x31, 0x01, 0x00, ...raw(`|34=2|52=20260101-00:00:00|553=T|554=p|`)]);
    expect(dictionary.validate(view.reset(frameBytes(body)))).toBeNull();
  });

  it('a BeginString other than the dictionary’s is out of range (a framer never passes one)', () => {
    expect(dictionary.validate(view.reset(frame(order, 'FIX.4.2')))).toEqual({ sessionRejectReason: 5, refTagID: 8, text: 'Value is incorrect (out of range) for this tag' });
  });

  it('0 Invalid tag number: a tag the dictionary does not define', () => {
    expect(reason(`${order}9999=x|`)).toEqual([0, 9999, 'Invalid tag number']);
  });

  it('1 Required tag missing: header, body and group entry', () => {
    expect(reason(`35=D|49=A|56=B|52=20260101-00:00:00|11=c1|54=1|60=20260101-00:00:00|40=1|`)).toEqual([1, 34, 'Required tag missing']);
    expect(reason(`35=D|${H}11=c1|55=ES|60=20260101-00:00:00|38=1|40=1|`)).toEqual([1, 54, 'Required tag missing']);
    expect(reason(`35=UCG|${H}553=T|`)).toEqual([1, 554, 'Required tag missing']);
    expect(reason(`35=UCH|${H}553=T|`)).toEqual([1, 58, 'Required tag missing']);
    expect(reason(`35=W|${H}55=ES|268=1|270=5|`)).toEqual([1, 269, 'Required tag missing']);
    // Symbol is required wherever Instrument is (QuickFIX's FIX44.xml): in the body and in an entry.
    expect(reason(`35=D|${H}11=c1|54=1|60=20260101-00:00:00|40=1|`)).toEqual([1, 55, 'Required tag missing']);
    expect(reason(`35=V|${H}262=r|263=1|264=0|267=1|269=0|146=1|48=X|55=ES|`)).toEqual([1, 55, 'Required tag missing']);
  });

  it('1 Required tag missing also wins over a bad field (QuickFIX checks presence first)', () => {
    expect(reason(`35=D|${H}11=c1|55=ES|60=20260101-00:00:00|38=x|40=1|`)).toEqual([1, 54, 'Required tag missing']);
  });

  it('1 Required tag missing: a data field without its length field', () => {
    expect(reason(`35=UCG|${H}91=lic|553=T|554=p|`)).toEqual([1, 90, 'Required tag missing']);
  });

  it('2 Tag not defined for this message type', () => {
    expect(reason(`${order}108=30|`)).toEqual([2, 108, 'Tag not defined for this message type']);
    expect(reason(`35=UCI|${H}553=T|554=p|`)).toEqual([2, 554, 'Tag not defined for this message type']);
    expect(reason(`35=V|${H}262=r|263=1|264=0|267=1|269=0|146=1|55=ES|269=1|`)).toEqual([2, 269, 'Tag not defined for this message type']);
  });

  it('4 Tag specified without a value', () => {
    expect(reason(`${order}58=|`)).toEqual([4, 58, 'Tag specified without a value']);
  });

  it('5 Value is incorrect (out of range) for this tag', () => {
    expect(reason(order.replace('54=1', '54=Z'))).toEqual([5, 54, 'Value is incorrect (out of range) for this tag']);
    expect(reason(order.replace('40=2', '40=Z'))).toEqual([5, 40, 'Value is incorrect (out of range) for this tag']);
    expect(reason(`${order}18=1 2 !|`)).toEqual([5, 18, 'Value is incorrect (out of range) for this tag']);
    expect(check(`${order}18=1 2|`)).toBeNull();
  });

  it('5 when a length field after its data field does not measure it', () => {
    expect(reason(`35=UCG|49=A|56=B|91=lic|90=4|34=2|52=20260101-00:00:00|553=T|554=p|`)).toEqual([5, 90, 'Value is incorrect (out of range) for this tag']);
  });

  it('6 Incorrect data format for value: int, price, qty, timestamp, char, boolean, date, time', () => {
    const format = (body: string, tag: number): void => expect(reason(body), body).toEqual([6, tag, 'Incorrect data format for value']);
    format(order.replace('44=1.25', '44=1.2.5'), 44);
    format(order.replace('44=1.25', '44=1e5'), 44);
    format(order.replace('44=1.25', '44=+1'), 44);
    format(order.replace('44=1.25', '44=.'), 44);
    format(order.replace('38=1', '38=one'), 38);
    format(order.replace('34=2', '34=2.0'), 34);
    format(order.replace('60=20260101-00:00:00.000', '60=20260132-00:00:00'), 60);
    format(order.replace('52=20260101-00:00:00.000', '52=2026-01-01T00:00:00Z'), 52);
    format(order.replace('34=2|', '34=2|43=X|'), 43);
    format(`35=D|${H}11=c1|55=ES|54=12|60=20260101-00:00:00|38=1|40=2|`, 54);
    format(`35=W|${H}55=ES|268=1|269=0|270=5|272=20260230|`, 272);
    format(`35=W|${H}55=ES|268=1|269=0|270=5|273=24:00:00|`, 273);
    expect(check(`35=W|${H}55=ES|268=1|269=0|270=5|272=20260228|273=23:59:59.999|`)).toBeNull();
    format(`35=V|${H}262=r|263=1|264=x|267=1|269=0|146=1|55=ES|`, 264);
    for (const ok of ['-1.5', '1.', '.5', '0', '-0.0', '123456789.123456789']) expect(check(order.replace('44=1.25', `44=${ok}`)), ok).toBeNull();
  });

  it('11 Invalid MsgType, or a BusinessMessageReject for a FIX 4.4 MsgType we do not take', () => {
    expect(check(`35=ZZ|${H}`)).toEqual({ sessionRejectReason: 11, text: 'Invalid MsgType' });
    expect(check(`35=6|${H}23=i|28=N|55=ES|54=1|27=S|`)).toEqual({
      sessionRejectReason: 11,
      refTagID: 35,
      text: 'Unsupported Message Type',
      businessReject: true,
      businessRejectReason: 3,
    });
  });

  it('13 Tag appears more than once', () => {
    expect(reason(`${order}44=2|`)).toEqual([13, 44, 'Tag appears more than once']);
    expect(reason(`35=D|49=A|56=B|34=2|49=C|52=20260101-00:00:00|11=c1|55=ES|54=1|60=20260101-00:00:00|40=1|`)).toEqual([13, 49, 'Tag appears more than once']);
  });

  it('14 Tag specified out of required order: header after body, body after trailer', () => {
    expect(reason(`35=D|49=A|56=B|34=2|11=c1|52=20260101-00:00:00|54=1|60=20260101-00:00:00|40=1|`)).toEqual([14, 52, 'Tag specified out of required order']);
    expect(reason(`35=0|${H}93=3|89=abc|112=x|`)).toEqual([14, 93, 'Tag specified out of required order']);
  });

  it('15 Out of order repeating group members: an entry must start with the group’s first field', () => {
    expect(reason(`35=A|${H}98=0|108=30|384=2|385=R|372=d|372=UCG|`)).toEqual([15, 385, 'Out of order repeating group members']);
  });

  it('15 also for an entry whose members leave the group’s order, ahead of a bad value in the same field', () => {
    // NoRelatedSym (146) entries hold the Instrument component: Symbol, …, SecurityID (48), …, SecurityExchange (207).
    expect(check(`35=V|${H}262=r|263=1|264=0|267=1|269=0|146=2|55=ES|48=ESZ6|207=CME|55=NQ|207=CME|`)).toBeNull();
    expect(reason(`35=V|${H}262=r|263=1|264=0|267=1|269=0|146=2|55=ES|207=CME|48=ESZ6|55=NQ|`)).toEqual([15, 48, 'Out of order repeating group members']);
    // MaturityMonthYear (200) comes before SecurityExchange (207) and must be a month-year: 15 wins.
    expect(reason(`35=V|${H}262=r|263=1|264=0|267=1|269=0|146=1|55=ES|207=CME|200=bad|`)).toEqual([15, 200, 'Out of order repeating group members']);
    // A nested group counts as one member, at its NumInGroup's place (NoSecurityAltID, 454, before 207).
    expect(check(`35=V|${H}262=r|263=1|264=0|267=1|269=0|146=1|55=ES|454=1|455=x|456=y|207=CME|`)).toBeNull();
    expect(reason(`35=V|${H}262=r|263=1|264=0|267=1|269=0|146=1|55=ES|207=CME|454=1|455=x|456=y|`)).toEqual([15, 454, 'Out of order repeating group members']);
  });

  it('16 Incorrect NumInGroup count for repeating group', () => {
    expect(reason(`35=V|${H}262=r|263=1|264=0|267=2|269=0|146=1|55=ES|`)).toEqual([16, 267, 'Incorrect NumInGroup count for repeating group']);
    expect(reason(`35=V|${H}262=r|263=1|264=0|267=1|269=0|269=1|146=1|55=ES|`)).toEqual([16, 267, 'Incorrect NumInGroup count for repeating group']);
    expect(reason(`35=A|${H}98=0|108=30|384=0|`)).toBeNull();
    expect(reason(`35=A|${H}98=0|108=30|384=1|`)).toEqual([16, 384, 'Incorrect NumInGroup count for repeating group']);
  });

  it('reports the earliest fault in wire order', () => {
    expect(reason(`35=D|${H}11=c1|55=ES|54=Z|60=bad|38=1|40=2|`)).toEqual([5, 54, 'Value is incorrect (out of range) for this tag']);
  });

  it('validates nested groups', () => {
    // MarketDataRequest → NoRelatedSym (146) → Instrument → NoSecurityAltID (454).
    expect(check(`35=V|${H}262=r|263=1|264=0|267=1|269=0|146=2|55=ES|454=1|455=x|456=y|55=NQ|`)).toBeNull();
    expect(reason(`35=V|${H}262=r|263=1|264=0|267=1|269=0|146=2|55=ES|454=2|455=x|55=NQ|`)).toEqual([16, 454, 'Incorrect NumInGroup count for repeating group']);
  });
});

describe('FixDictionary.fromXml', () => {
  const minimal = (extra: string): string => `<fix major="4" minor="4"><header><field name="BeginString" required="Y"/></header><trailer/><messages>${extra}</messages><components/><fields><field number="8" name="BeginString" type="STRING"/></fields></fix>`;

  it('refuses a file QuickFIX would refuse, naming the fault', () => {
    expect(() => FixDictionary.fromXml('<nope/>')).toThrow(/no <fix> element/);
    expect(() => FixDictionary.fromXml(minimal('<message name="X" msgtype="X" msgcat="app"><field name="Nope" required="Y"/></message>'))).toThrow(/field Nope not defined/);
    expect(() => FixDictionary.fromXml(minimal('<message name="X" msgtype="X" msgcat="app"><component name="C" required="Y"/></message>'))).toThrow(/component C used in message X is not defined/);
    expect(() => FixDictionary.fromXml(minimal('<message name="X" msgcat="app"/>'))).toThrow(/no msgtype/);
  });

  it('reads a small dictionary', () => {
    const d = FixDictionary.fromXml(minimal('<message name="X" msgtype="X" msgcat="admin"><field name="BeginString" required="N"/></message>'));
    expect(d.isAdmin('X')).toBe(true);
    expect(d.fieldName(8)).toBe('BeginString');
  });
});
