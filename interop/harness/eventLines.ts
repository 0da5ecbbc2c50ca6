// The C++ peers print one event per line: a name then key=value pairs (a value may be
// "quoted"). These read them back.

export interface EventLine {
  readonly event: string;
  readonly fields: Readonly<Record<string, string>>;
}

export function parseEventLine(line: string): EventLine {
  const space = line.indexOf(' ');
  const event = space < 0 ? line : line.slice(0, space);
  const fields: Record<string, string> = {};
  const pairs = /([\w-]+)=("([^"]*)"|\S*)/g;
  for (const match of (space < 0 ? '' : line.slice(space + 1)).matchAll(pairs)) {
    fields[match[1]!] = match[3] ?? match[2]!;
  }
  return { event, fields };
}

export function events(lines: readonly string[], name: string): EventLine[] {
  return lines.map(parseEventLine).filter((line) => line.event === name);
}
