import { dataTagOf, FixMessage } from '../../src-shared/fix/codec';
import type { FixView } from '../../src-shared/fix/codec';
import { BusinessReject, BusinessRejectReason } from '../../src-shared/fix/session';
import type { FixApplication, FixSession } from '../../src-shared/fix/session';

/**
 * The behaviour of QuickFIX's acceptance-test server (`fix-acceptor --echo`), so its
 * session-level test suite can be run against our engine unchanged: NewOrderSingle and
 * SecurityDefinition are sent back as they came (fields in tag order, as QuickFIX writes them),
 * a PossResend (97=Y) order whose ClOrdID was seen this logon is ignored, and any other
 * application message gets 35=j Unsupported Message Type.
 */
export class EchoApplication implements FixApplication {
  private readonly seen = new Set<string>();

  onLogout(): void {
    this.seen.clear();
  }

  fromApp(view: FixView, session: FixSession): void {
    if (view.msgType === 'D') {
      const clOrdID = view.get(11) ?? '';
      if (view.is(97, 'Y') && this.seen.has(clOrdID)) return;
      this.seen.add(clOrdID);
    } else if (view.msgType !== 'd') {
      throw new BusinessReject(BusinessRejectReason.UnsupportedMessageType);
    }
    session.send(echoOf(view));
  }
}

const NOT_COPIED = new Set([8, 9, 10, 35, 34, 49, 52, 56, 43, 122]);

/** The message again, fields in ascending tag order unless a tag repeats (a group keeps its order). */
function echoOf(view: FixView): FixMessage {
  const fields: [number, string][] = [];
  const tags = new Set<number>();
  let repeats = false;
  for (let i = 0; i < view.fieldCount; i++) {
    const tag = view.tagAt(i);
    // Length fields are written by the encoder from their data field.
    if (NOT_COPIED.has(tag) || dataTagOf(tag) !== 0) continue;
    if (tags.has(tag)) repeats = true;
    tags.add(tag);
    fields.push([tag, view.valueAt(i)]);
  }
  if (!repeats) fields.sort((a, b) => a[0] - b[0]);
  const echo = new FixMessage(view.msgType);
  for (const [tag, value] of fields) echo.add(tag, value);
  return echo;
}
