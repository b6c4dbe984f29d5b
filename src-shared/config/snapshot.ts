import { z } from 'zod';
import { OpenClawConfigSchema } from './schema.js';

export const ConfigIssueSchema = z.object({
  path: z.string().describe('Dotted key path, e.g. gateway.port ("" for the whole file)'),
  message: z.string(),
});
export type ConfigIssue = z.infer<typeof ConfigIssueSchema>;

/** What readConfigFileSnapshot returns; never thrown, always one of these. */
export const ConfigFileSnapshotSchema = z.object({
  path: z.string(),
  exists: z.boolean(),
  raw: z.string().nullable().describe('File text; null when the file does not exist or cannot be read'),
  parsed: z.unknown().describe('Parsed YAML/JSON before validation; null when unparsable'),
  valid: z.boolean(),
  config: OpenClawConfigSchema.nullable().describe('Validated config with defaults; null when invalid'),
  hash: z.string().nullable().describe('sha256 hex of raw'),
  issues: z.array(ConfigIssueSchema),
  warnings: z.array(ConfigIssueSchema),
  loaded_at: z.number().int().describe('Milliseconds since the epoch'),
});
export type ConfigFileSnapshot = z.infer<typeof ConfigFileSnapshotSchema>;
