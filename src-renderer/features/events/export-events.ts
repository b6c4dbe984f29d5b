import type { EventLogEntry } from './event-log.js';

/** Builds the JSON document "Export" downloads: one object per frame, oldest first. */
export function resolveEventExport(entries: readonly EventLogEntry[], gateway: string, exportedAt: number): string {
  return JSON.stringify(
    {
      gateway,
      exported_at: new Date(exportedAt).toISOString(),
      count: entries.length,
      frames: entries.map((entry) => ({
        at: new Date(entry.at).toISOString(),
        direction: entry.direction,
        connection: entry.connection,
        ...(entry.seq === undefined ? {} : { seq: entry.seq }),
        ...(entry.gap ? { missed_before: entry.gap } : {}),
        frame: entry.frame,
      })),
    },
    null,
    2,
  );
}
