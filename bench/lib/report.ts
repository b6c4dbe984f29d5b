// Shared by bench/http.ts, bench/ws.ts and bench/startup.ts: targets, PASS/FAIL lines, --strict.

export interface TargetResult {
  name: string;
  pass: boolean;
  detail: string;
}

/** Collects target results and prints them; with --strict the process exits 1 on any FAIL. */
export function createReport(title: string): {
  line(text: string): void;
  target(name: string, pass: boolean, detail: string): void;
  finish(): void;
} {
  const results: TargetResult[] = [];
  process.stdout.write(`\n== ${title} ==\n`);
  return {
    line: (text) => process.stdout.write(`${text}\n`),
    target(name, pass, detail) {
      results.push({ name, pass, detail });
      process.stdout.write(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${detail}\n`);
    },
    finish() {
      const failed = results.filter((r) => !r.pass);
      process.stdout.write(`\n${results.length - failed.length}/${results.length} targets met\n`);
      if (failed.length > 0 && process.argv.includes('--strict')) process.exitCode = 1;
    },
  };
}

/** The q-quantile (0..1) of a list of numbers. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** Formats a number with a fixed count of decimals. */
export function fmt(value: number, decimals = 1): string {
  return value.toFixed(decimals);
}

/** Runs a benchmark's main with a hard time limit (default 60 s): a hung run exits 2 instead of blocking CI. */
export async function runBounded(name: string, main: () => Promise<void>, limitMs = 60_000): Promise<void> {
  const watchdog = setTimeout(() => {
    process.stderr.write(`${name}: gave up after ${limitMs / 1000} s\n`);
    process.exit(2);
  }, limitMs);
  watchdog.unref();
  await main();
}
