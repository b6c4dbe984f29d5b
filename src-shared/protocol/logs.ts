import { z } from 'zod';

/** One line of the gateway's log, as written to its file (secrets already redacted), numbered for tailing. */
export const LogLineSchema = z.object({
  seq: z.number().int().positive().describe('Line number since the gateway started; the cursor of logs.tail'),
  time: z.string().describe('ISO 8601'),
  level: z.enum(['fatal', 'error', 'warn', 'success', 'info', 'debug', 'trace']),
  message: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

export const LogsTailParamsSchema = z.strictObject({
  cursor: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('The last seq already seen: the oldest `limit` lines after it are returned (see has_more); omitted, the newest `limit` lines'),
  limit: z.number().int().min(1).max(1000).default(200),
  follow: z
    .boolean()
    .optional()
    .describe('true: also push every later line to this connection as logs.appended events; false: stop pushing them; omitted: no change'),
});
export type LogsTailParams = z.input<typeof LogsTailParamsSchema>;

export const LogsTailResultSchema = z.object({
  lines: z.array(LogLineSchema).describe('Oldest first'),
  cursor: z
    .number()
    .int()
    .min(0)
    .describe('Pass it back to continue: the seq of the last line returned when has_more, else of the newest line the gateway has'),
  missed: z.number().int().min(0).describe('Lines after the given cursor that are no longer kept (the gateway keeps the newest 2,000)'),
  has_more: z.boolean().describe('More lines follow the ones returned: read again with `cursor`'),
  boot_id: z.string().describe('Names the gateway process: another value means it restarted and its seq numbering began again'),
  file: z.string().nullable().describe('The log file the lines are also written to; null when logging to the console only'),
});
export type LogsTailResult = z.infer<typeof LogsTailResultSchema>;

export const LogsAppendedEventSchema = z.object({ lines: z.array(LogLineSchema) });

/** The logs WS methods, merged into WS_METHODS by the protocol. */
export const LOGS_WS_METHODS = {
  'logs.tail': { params: LogsTailParamsSchema, result: LogsTailResultSchema },
} as const;

/** The logs WS events, merged into WS_EVENTS by the protocol. */
export const LOGS_WS_EVENTS = {
  'logs.appended': LogsAppendedEventSchema,
} as const;
