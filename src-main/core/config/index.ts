export * from './paths.js';
export { formatConfigPath } from '../../../src-shared/config/key-path.js';
export { MissingEnvVarError, substituteEnvVars } from './env-substitution.js';
export { ConfigLoadError, ConfigParseError, ConfigValidationError, formatConfigIssues } from './errors.js';
export { parseConfigFile, resolveConfigFormat, type ConfigFormat } from './parse-config-file.js';
export { resolveDidYouMean } from '../../../src-shared/config/did-you-mean.js';
export { findUnknownConfigKeys } from '../../../src-shared/config/unknown-keys.js';
export { normalizeConfigInput } from '../../../src-shared/config/normalize.js';
export { validateConfig, type ConfigValidationResult } from '../../../src-shared/config/validate.js';
export { applyDefaults } from './defaults.js';
export { loadConfigFile, loadConfigSync, readConfigFileSnapshot } from './loader.js';
export {
  ConfigUpdateError,
  startLiveConfig,
  type ConfigChange,
  type ConfigUpdateRequest,
  type LiveConfig,
  type LiveConfigEvent,
  type LiveConfigListener,
  type LiveConfigOptions,
  type LiveConfigSnapshot,
} from './live-config.js';
