import { describe, expect, it } from 'vitest';
import * as core from '../../src-main/core/index.js';
import * as shared from '../../src-shared/index.js';

// The contract's public names (openclaw_py.*), camelCased: anyone holding the contract must find
// each one exported from the core barrel, and the isomorphic ones from the shared barrel too.
const SHARED_NAMES = [
  'normalizeChatType',
  'OpenClawConfigSchema',
  'LoggingConfigSchema',
  'SessionConfigSchema',
  'TelegramConfigSchema',
  'ModelsConfigSchema',
  'ModelProviderConfigSchema',
  'ModelDefinitionConfigSchema',
  'GatewayConfigSchema',
  'IdentityConfigSchema',
  'SessionEntrySchema',
  'SessionOriginSchema',
  'mergeSessionEntry',
  'parseAgentSessionKey',
  'isCronRunSessionKey',
  'isSubagentSessionKey',
  'isAcpSessionKey',
  'resolveThreadParentSessionKey',
  'THREAD_SESSION_MARKERS',
  'SESSION_LABEL_MAX_LENGTH',
  'parseSessionLabel',
  'clamp',
  'clampInt',
  'clampNumber',
  'escapeRegExp',
  'safeParseJson',
  'isPlainObject',
  'isRecord',
  'normalizePath',
  'redactConfig',
] as const;

const CORE_NAMES = [
  ...SHARED_NAMES,
  'substituteEnvVars',
  'MissingEnvVarError',
  'resolveConfigPath',
  'resolveStateDir',
  'resolveHomeDir',
  'expandHomePrefix',
  'ensureStateDir',
  'loadConfigFile',
  'loadConfigSync',
  'readConfigFileSnapshot',
  'parseConfigFile',
  'ConfigLoadError',
  'ConfigParseError',
  'ConfigValidationError',
  'applyDefaults',
  'setupLogger',
  'getLogger',
  'resetLogger',
  'isLoggerInitialized',
  'getCurrentConfig',
  'logInfo',
  'logWarn',
  'logError',
  'logDebug',
  'logSuccess',
  'logTrace',
  'ensureDir',
  'pathExists',
  'loadSessionStore',
  'saveSessionStore',
  'updateSessionStore',
  'readSessionUpdatedAt',
  'pruneStaleEntries',
  'capEntryCount',
  'rotateSessionFile',
  'clearSessionStoreCacheForTest',
  'DEFAULT_SESSION_STORE_TTL_MS',
  'DEFAULT_SESSION_PRUNE_AFTER_MS',
  'DEFAULT_SESSION_MAX_ENTRIES',
  'DEFAULT_SESSION_ROTATE_BYTES',
  'InMemorySessionStore',
  'sendJson',
  'sendText',
  'sendUnauthorized',
  'sendInvalidRequest',
  'sendNotFound',
  'sendMethodNotAllowed',
  'broadcastToAll',
  'broadcastEvent',
] as const;

describe('public API barrels', () => {
  it.each(SHARED_NAMES)('src-shared/index.ts exports %s', (name) => {
    expect(shared).toHaveProperty(name);
    expect((shared as Record<string, unknown>)[name]).toBeDefined();
  });

  it.each(CORE_NAMES)('src-main/core/index.ts exports %s', (name) => {
    expect((core as Record<string, unknown>)[name]).toBeDefined();
  });

  it('the default session store constants hold the contract values', () => {
    expect(core.DEFAULT_SESSION_STORE_TTL_MS).toBe(45_000);
    expect(core.DEFAULT_SESSION_PRUNE_AFTER_MS).toBe(30 * 24 * 60 * 60 * 1000);
    expect(core.DEFAULT_SESSION_MAX_ENTRIES).toBe(500);
    expect(core.DEFAULT_SESSION_ROTATE_BYTES).toBe(10 * 1024 * 1024);
    expect(shared.SESSION_LABEL_MAX_LENGTH).toBe(64);
  });
});
