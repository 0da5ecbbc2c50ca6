import { cpus, loadavg } from 'node:os';
import { runAggregatorBench } from './aggregator';
import { runExchangeBench } from './exchange-matching';
import { runFixCodecBench } from './fix-codec.bench';
import { runFixRoundTripBench } from './fix-roundtrip';
import { runGatewayMarketDataBench, runGatewayOrderBench } from './gateway-fix';
import { runLadderBench } from './ladder';
import { formatTable, type BenchTable } from './table';

// `npm run bench -- <suite>`: each suite measures ours beside its peer in the same run and
// prints Markdown tables (the form bench/README.md records them in).
const suites: Record<string, () => Promise<BenchTable[]>> = {
  fix: async () => [
    { title: 'FIX codec', rows: await runFixCodecBench() },
    { title: 'FIX round trip', rows: await runFixRoundTripBench() },
  ],
  exchange: async () => [
    { title: 'Exchange matching', rows: await runExchangeBench() },
    { title: 'Gateway end to end: orders through FIX', rows: await runGatewayOrderBench() },
    { title: 'Gateway end to end: market-data fan-out', rows: await runGatewayMarketDataBench() },
  ],
  ladder: runLadderBench,
  aggregator: runAggregatorBench,
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in suites));
if (names.length === 0 || unknown.length > 0) {
  process.stderr.write(`${unknown.length > 0 ? `unknown benchmark: ${unknown.join(', ')}\n` : ''}usage: npm run bench -- <${Object.keys(suites).join('|')}> [...]\n`);
  process.exit(2);
}
for (const name of names) {
  const load = loadavg()[0]!;
  for (const table of await suites[name]!()) {
    const machine = `${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · load ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`;
    console.log(`${formatTable({ ...table, notes: [...(table.notes ?? []), machine] })}\n`);
  }
}
