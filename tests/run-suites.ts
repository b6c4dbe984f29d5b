// `npm test`'s last step: run every suite even when an earlier one failed, so one run reports
// all failures; exit non-zero if any suite failed. Plain Node (no shell syntax) for macOS/Windows.
import { spawnSync } from 'node:child_process';

const SUITES = ['test:unit', 'test:e2e'];

function runScript(script: string): number {
  // Under npm, npm_execpath is npm's own JS entry: spawning it with node avoids npm.cmd, which
  // Windows refuses to spawn without a shell.
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', script], { stdio: 'inherit' })
    : spawnSync('npm', ['run', script], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) {
    console.error(`Could not start "npm run ${script}": ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

const failed = SUITES.filter((script) => runScript(script) !== 0);
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.map((script) => `npm run ${script}`).join(', ')}`);
  process.exitCode = 1;
}
