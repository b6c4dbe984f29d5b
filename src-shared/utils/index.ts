export {
  clamp,
  clampInt,
  clampNumber,
  describeError,
  escapeRegExp,
  isPlainObject,
  isRecord,
  normalizePath,
  safeParseJson,
} from './common.js';
export {
  formatZodIssueLines,
  formatZodIssues,
  type ZodIssueFormat,
  type ZodIssueLike,
  type ZodIssueListFormat,
} from './zod-issues.js';
