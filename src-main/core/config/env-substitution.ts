import { setOwnProperty } from '../../../src-shared/utils/common.js';
import { joinConfigIndex, joinConfigKey } from '../../../src-shared/config/key-path.js';
import type { Env } from './paths.js';

// `$${VAR}` is the escape for a literal `${VAR}`; lowercase names are never variables, so
// `${lower}` (e.g. in a persona prompt) stays as written.
const ENV_REFERENCE = /\$(\$?)\{([A-Z_][A-Z0-9_]*)\}/g;

/**
 * A `${VAR}` in the config names a variable that is unset or empty. Not a ConfigLoadError: here
 * `configPath` is the key path (`telegram.bot_token`); the loader fills `filePath`.
 */
export class MissingEnvVarError extends Error {
  readonly varName: string;
  readonly configPath: string;
  filePath: string | undefined;

  constructor(varName: string, configPath: string, filePath?: string) {
    super(`Missing env var "${varName}" referenced at config path: ${configPath}`);
    this.name = 'MissingEnvVarError';
    this.varName = varName;
    this.configPath = configPath;
    this.filePath = filePath;
  }
}

function substituteString(value: string, env: Env, configPath: string): string {
  return value.replace(ENV_REFERENCE, (_match, escape: string, name: string) => {
    if (escape) return `\${${name}}`;
    const replacement = env[name];
    // An empty value is almost always a forgotten export, and would silently disable a secret.
    if (replacement === undefined || replacement === '') throw new MissingEnvVarError(name, configPath);
    return replacement;
  });
}

/**
 * Returns a copy of a parsed config with `${VAR}` in every string value (objects and arrays,
 * recursively; keys and non-strings untouched) replaced from `env` (default: empty); array items
 * are reported as `a.b[2]`. Throws MissingEnvVarError for an unset or empty variable.
 */
export function substituteEnvVars(obj: unknown, env: Env = {}, configPath = ''): unknown {
  if (typeof obj === 'string') return substituteString(obj, env, configPath);
  if (Array.isArray(obj)) return obj.map((item, index) => substituteEnvVars(item, env, joinConfigIndex(configPath, index)));
  if (typeof obj === 'object' && obj !== null) {
    const out: Record<string, unknown> = {};
    // setOwnProperty, not assignment: a `__proto__` key in the file must stay a plain key.
    for (const [key, value] of Object.entries(obj)) setOwnProperty(out, key, substituteEnvVars(value, env, joinConfigKey(configPath, key)));
    return out;
  }
  return obj;
}
