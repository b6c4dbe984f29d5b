import type { LogLevel } from '../../../src-shared/types/base.js';

/** A level a message is written at: the config levels minus `silent`, plus `success` (shown like info, marked). */
export type LogMethodLevel = Exclude<LogLevel, 'silent'> | 'success';

/** The electron-log levels our levels travel as (fatal and success carry their own name in the record). */
export type ElectronLogLevel = 'error' | 'warn' | 'info' | 'debug' | 'silly';

// Lower is more severe. `success` sits between warn and info, as loguru's SUCCESS does in the
// contract: shown at threshold info or below, hidden at warn.
const LEVEL_RANK: Readonly<Record<LogMethodLevel, number>> = {
  fatal: 0,
  error: 1,
  warn: 2,
  success: 3,
  info: 4,
  debug: 5,
  trace: 6,
};

const THRESHOLD_RANK: Readonly<Record<LogLevel, number>> = {
  silent: -1,
  fatal: LEVEL_RANK.fatal,
  error: LEVEL_RANK.error,
  warn: LEVEL_RANK.warn,
  info: LEVEL_RANK.info,
  debug: LEVEL_RANK.debug,
  trace: LEVEL_RANK.trace,
};

export const ELECTRON_LOG_LEVEL: Readonly<Record<LogMethodLevel, ElectronLogLevel>> = {
  fatal: 'error',
  error: 'error',
  warn: 'warn',
  success: 'info',
  info: 'info',
  debug: 'debug',
  trace: 'silly',
};

/** True when a message at `level` passes a sink whose threshold is `threshold` (`silent` passes nothing). */
export function isLevelEnabled(threshold: LogLevel, level: LogMethodLevel): boolean {
  return LEVEL_RANK[level] <= THRESHOLD_RANK[threshold];
}
