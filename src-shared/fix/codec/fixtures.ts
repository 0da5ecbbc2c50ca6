/** Test frames written the way logs show them: '|' stands for SOH. */

const encoder = new TextEncoder();

/** Bytes of a '|'-separated text, '|' turned into SOH, nothing computed. */
export function raw(text: string): Uint8Array {
  return encoder.encode(text.replaceAll('|', '\u0001'));
}

/** A whole FIX 4.4 frame around a body such as "35=0|49=A|56=B|34=1|52=…|": 8, 9 and 10 computed. */
export function frame(body: string, beginString = 'FIX.4.4'): Uint8Array {
  return frameBytes(raw(body), beginString);
}

export function frameBytes(body: Uint8Array, beginString = 'FIX.4.4'): Uint8Array {
  const head = encoder.encode(`8=${beginString}\u00019=${body.length}\u0001`);
  const out = new Uint8Array(head.length + body.length + 7);
  out.set(head);
  out.set(body, head.length);
  let sum = 0;
  for (let i = 0; i < head.length + body.length; i++) sum += out[i]!;
  out.set(encoder.encode(`10=${String(sum & 0xff).padStart(3, '0')}\u0001`), head.length + body.length);
  return out;
}

export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).replaceAll('\u0001', '|');
}
