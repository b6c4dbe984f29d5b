import { readFile, rm, writeFile } from 'node:fs/promises';
import { UpdateMarkerSchema, type UpdateMarker } from '../../src-shared/desktop-update.js';
import { describeError } from '../../src-shared/utils/common.js';

// The note a downloaded update leaves for the next launch, so that launch can tell "updated" from
// "updated, and the gateway no longer starts" (resolvePostUpdateOutcome).

/** The marker's file name in the app's user-data folder. */
export const UPDATE_MARKER_FILE_NAME = 'update-marker.json';

/** Reads the marker; undefined when there is none or it is not a marker (a half-written file is not worth failing a launch over). */
export async function readUpdateMarker(file: string): Promise<UpdateMarker | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    // Missing (no update was downloaded) or unreadable: either way there is nothing to judge.
    return undefined;
  }
  try {
    const parsed = UpdateMarkerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON: treated like no marker, and the next download writes a good one.
    return undefined;
  }
}

/** Writes the marker (owner-only); throws an Error naming the file when it cannot. */
export async function writeUpdateMarker(file: string, marker: UpdateMarker): Promise<void> {
  try {
    await writeFile(file, `${JSON.stringify(marker)}\n`, { mode: 0o600 });
  } catch (error) {
    throw new Error(`Could not write the update marker ${file}: ${describeError(error)}`);
  }
}

/** Removes the marker once the launch after the update has been judged; a missing file is fine. */
export async function removeUpdateMarker(file: string): Promise<void> {
  await rm(file, { force: true });
}
