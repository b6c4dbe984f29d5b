import type { ConfigIssue } from '../../../src-shared/config/snapshot.js';

/** Base of every error thrown while loading a config file; `configPath` is the file it came from. */
export class ConfigLoadError extends Error {
  readonly configPath: string;

  constructor(message: string, configPath: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigLoadError';
    this.configPath = configPath;
  }
}

/**
 * The file is not valid YAML/JSON; `line` and `column` are 1-based, `key` is the dotted key path
 * around the error ("" when none). The message never quotes the file: `reason` is a fixed description.
 */
export class ConfigParseError extends ConfigLoadError {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  readonly key: string;

  constructor(configPath: string, line: number, column: number, reason: string, options?: ErrorOptions & { key?: string }) {
    const key = options?.key ?? '';
    super(`Failed to parse ${configPath} at line ${line}, column ${column}${key ? ` (key ${key})` : ''}: ${reason}`, configPath, options);
    this.name = 'ConfigParseError';
    this.line = line;
    this.column = column;
    this.reason = reason;
    this.key = key;
  }
}

/** Formats issues as the indented `  - path: message` lines used in error messages and logs. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((issue) => (issue.path ? `  - ${issue.path}: ${issue.message}` : `  - ${issue.message}`)).join('\n');
}

/** The file parsed but does not match the schema; lists every issue. */
export class ConfigValidationError extends ConfigLoadError {
  readonly issues: ConfigIssue[];

  constructor(configPath: string, issues: ConfigIssue[]) {
    const where = configPath ? `Invalid config at ${configPath}:` : 'Invalid config:';
    super(`${where}\n${formatConfigIssues(issues)}`, configPath);
    this.name = 'ConfigValidationError';
    this.issues = issues;
  }
}
