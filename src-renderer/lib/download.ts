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

/** A file-name-safe stamp of `ms` (`2025-01-02T03-04-05-000Z`), so exports sort by time. */
export function resolveFileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}
