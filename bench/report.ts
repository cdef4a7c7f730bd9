/*
 * What a route benchmark measured, kept as JSON next to the catalog-scale
 * results (bench/results/<benchmark>.json) so BENCHMARKS.md can cite figures
 * with the machine, commit and load they were taken on.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatPercentiles, percentile } from './lib';

type Figure =
  | { requests: number; p50Ms: number; p95Ms: number }
  | number
  | string;

function load() {
  const [one, five, fifteen] = os.loadavg().map(n => Math.round(n * 100) / 100);
  return { one, five, fifteen };
}

function commit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}

export function createReport(benchmark: string) {
  const started = new Date();
  const loadAtStart = load();
  const sections: Record<string, Record<string, Figure>> = { setup: {} };
  let current = sections.setup;

  return {
    /** Starts a section of the printed report and of the JSON. */
    section(label: string) {
      console.log(`\n## ${label}`);
      current = sections[label] ?? (sections[label] = {});
    },
    /** Records latencies under `name`; returns `p50  p95` for the printed table. */
    latency(name: string, latencies: number[]): string {
      current[name] = {
        requests: latencies.length,
        p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
        p95Ms: Math.round(percentile(latencies, 95) * 10) / 10,
      };
      return formatPercentiles(latencies);
    },
    /** Records a count or a fact under `name`; returns it for printing. */
    figure<T extends number | string>(name: string, value: T): T {
      current[name] =
        typeof value === 'number' ? Math.round(value * 10) / 10 : value;
      return value;
    },
    /** Writes bench/results/<benchmark>.json and says where. */
    write() {
      const out = path.resolve(__dirname, 'results', `${benchmark}.json`);
      const result = {
        benchmark,
        date: started.toISOString(),
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model,
          memoryGiB: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
          commit: commit(),
        },
        loadAtStart,
        loadAtEnd: load(),
        sections: Object.fromEntries(
          Object.entries(sections).filter(([, f]) => Object.keys(f).length),
        ),
      };
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
      console.log(`\nresults: ${path.relative(process.cwd(), out)}`);
    },
  };
}
