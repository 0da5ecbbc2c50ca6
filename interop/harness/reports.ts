import { events } from './eventLines';

// The ExecutionReports an initiator says it received, read from its output.

export interface ExecReport {
  readonly clOrdID: string;
  readonly execType: string;
  readonly ordStatus: string;
  readonly execID: string;
  readonly lastPx: string | undefined;
  readonly possDup: boolean;
}

/** From the QuickFIX tradeclient's `exec` lines. */
export function quickfixReports(lines: readonly string[]): ExecReport[] {
  return events(lines, 'exec').map(({ fields }) => ({
    clOrdID: fields.clordid ?? '',
    execType: fields.exectype ?? '',
    ordStatus: fields.ordstatus ?? '',
    execID: fields.execid ?? '',
    lastPx: fields.lastpx === '-' ? undefined : fields.lastpx,
    possDup: fields.possdup === 'Y',
  }));
}

/** From `tessera fix-client`'s `< 8=FIX.4.4|…|` lines (formatForLog: '|' for SOH). */
export function tesseraReports(lines: readonly string[]): ExecReport[] {
  const reports: ExecReport[] = [];
  for (const line of lines) {
    if (!line.startsWith('< ')) continue;
    const fields = new Map<string, string>();
    for (const pair of line.slice(2).split('|')) {
      const equals = pair.indexOf('=');
      if (equals > 0 && !fields.has(pair.slice(0, equals))) fields.set(pair.slice(0, equals), pair.slice(equals + 1));
    }
    if (fields.get('35') !== '8') continue;
    reports.push({
      clOrdID: fields.get('11') ?? '',
      execType: fields.get('150') ?? '',
      ordStatus: fields.get('39') ?? '',
      execID: fields.get('17') ?? '',
      lastPx: fields.get('31'),
      possDup: fields.get('43') === 'Y',
    });
  }
  return reports;
}

/**
 * From `tessera fix-client`'s journal (`<store>/client-<sender>-<target>.jsonl`): the reports
 * its application processed, which is what exactly-once is about. Its output lines are a
 * display: a kill -9 can land between the journal write and the line, so a line may be missing
 * there while the report was processed (and it is then never shown twice).
 */
export function tesseraJournalReports(journalText: string): ExecReport[] {
  const reports: ExecReport[] = [];
  for (const line of journalText.split('\n')) {
    if (line.length === 0) continue;
    let entry: { report?: string; clOrdID?: string; execType?: string; ordStatus?: string; lastPx?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.report === undefined) continue;
    reports.push({ clOrdID: entry.clOrdID ?? '', execType: entry.execType ?? '', ordStatus: entry.ordStatus ?? '', execID: entry.report, lastPx: entry.lastPx, possDup: false });
  }
  return reports;
}
