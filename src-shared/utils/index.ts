export {
  clamp,
  clampInt,
  clampNumber,
  escapeRegExp,
  isPlainObject,
  isRecord,
  normalizePath,
  safeParseJson,
} from './common.js';
