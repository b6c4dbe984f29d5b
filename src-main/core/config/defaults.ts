import type { OpenClawConfig, OpenClawConfigInput } from '../../../src-shared/config/schema.js';
import { ConfigValidationError } from './errors.js';
import { validateConfig } from '../../../src-shared/config/validate.js';

/** Returns a full OpenClawConfig from a partial one (default: empty) with every default filled in; throws ConfigValidationError listing each invalid value. */
export function applyDefaults(partial: OpenClawConfigInput = {}): OpenClawConfig {
  const { config, issues } = validateConfig(partial);
  if (!config) throw new ConfigValidationError('', issues);
  return config;
}
