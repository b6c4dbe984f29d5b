import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigFileSnapshot } from '../../src-shared/config/snapshot.js';
import { describeError } from '../../src-shared/utils/common.js';
import { resolvePaths, type Env } from '../core/config/paths.js';

// The files the tray's "Open config file" / "Open logs folder" open, resolved exactly as the
// runtime resolves them, so the app and the headless gateway agree on ~/.openclaw.

export interface DesktopFiles {
  configPath: string;
  logFile: string;
  logsDir: string;
}

/** The shell's own log, next to the gateway's, so "Open logs folder" shows both. */
export const DESKTOP_LOG_FILE_NAME = 'desktop.log';

export const STARTER_CONFIG_YAML = `# OpenClaw config. Every key is optional: anything left out uses its default.
# The gateway reloads this file when you save it. Secrets can come from the
# environment with \${VAR}, e.g. bot_token: \${TELEGRAM_BOT_TOKEN}
#
# The dashboard's setup (Chat page, or Settings) writes the model and bot
# settings for you, keeping these comments. By hand, a model provider is:
#
# models:
#   default: openai/gpt-4o-mini
#   providers:
#     openai:
#       base_url: https://api.openai.com/v1
#       api_key: \${OPENAI_API_KEY}
#       models:
#         - id: gpt-4o-mini
#
# gateway:
#   port: 18789
# telegram:
#   enabled: true
#   bot_token: \${TELEGRAM_BOT_TOKEN}
# desktop:
#   start_gateway_on_launch: true
{}
`;

function validConfig(snapshot: ConfigFileSnapshot) {
  return snapshot.valid ? snapshot.config : null;
}

/** Resolves the config file, gateway log file and logs folder for a config snapshot (logging.file honoured when valid). */
export function resolveDesktopFiles(snapshot: ConfigFileSnapshot, env: Env): DesktopFiles {
  const logFile = validConfig(snapshot)?.logging.file;
  const paths = resolvePaths(env, logFile ? { logFile } : {});
  return { configPath: snapshot.path, logFile: paths.logFile, logsDir: path.dirname(paths.logFile) };
}

/**
 * Whether to start the gateway when the app launches: `desktop.start_gateway_on_launch`
 * (default true). An invalid config still starts, so the tray shows why it failed.
 */
export function resolveStartOnLaunch(snapshot: ConfigFileSnapshot): boolean {
  return validConfig(snapshot)?.desktop.start_gateway_on_launch ?? true;
}

/**
 * Creates the config file with commented-out examples when it does not exist (its folder with
 * mode 0700), so "Open config file" always has something to open; never overwrites. Resolves
 * true when it created the file.
 */
export async function ensureConfigFile(configPath: string): Promise<boolean> {
  const text = /\.json$/i.test(configPath) ? '{}\n' : STARTER_CONFIG_YAML;
  const fail = (error: unknown): Error =>
    new Error(`Could not create the config file ${configPath}: ${describeError(error)}`);
  try {
    await mkdir(path.dirname(configPath), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fail(error);
  }
  try {
    // 'wx' fails when the file exists, so a config written meanwhile is never replaced.
    await writeFile(configPath, text, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fail(error);
  }
}
