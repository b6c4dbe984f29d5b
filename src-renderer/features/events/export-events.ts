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

/** Offers `text` as a download named `fileName` (a Blob URL, so it works under the dashboard's CSP). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task: Chromium starts the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
