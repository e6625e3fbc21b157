import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** Nearest-rank percentile of an ascending array, in the samples' unit, rounded to 0.1. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 10) / 10;
}

export function machineDescription(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;
}

/** Prints the figures and writes them as one flat JSON object to bench/results/<name>.json. */
export function writeResults(name: string, results: Record<string, string | number>) {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${name}:`, results, `\nwritten to bench/results/${name}.json`);
}
