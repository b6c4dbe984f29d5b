import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConfigApplied, ConfigWriteBody, ConfigWriteIssue } from '../../../src-shared/protocol/settings.js';
import { applyConfigEdits, checkConfigValue } from './config-check.js';
import type { ConfigChanges } from './config-draft.js';
import { resolveChange, resolveChangesBody } from './config-draft.js';
import type { ConfigEditor } from './use-config-editor.js';
import { createConfigReader } from './config-reader.js';
import type { ConfigReader } from './config-reader.js';
import type { SaveFailure } from './config-save.js';

export type SaveStatus =
  | { phase: 'idle' }
  | { phase: 'saving' }
  | { phase: 'saved'; applied: ConfigApplied }
  | { phase: 'failed'; failure: SaveFailure };

export interface SectionForm {
  reader: ConfigReader;
  changes: ConfigChanges;
  change(path: string, value: unknown): void;
  revert(path: string): void;
  status: SaveStatus;
  issues: readonly ConfigWriteIssue[];
  /** Checks the body with the schema, then writes it; resolves with what the gateway did once saved, else null. Default body: the form's changes. */
  submit(body?: Extract<ConfigWriteBody, { set?: unknown }> | null): Promise<ConfigApplied | null>;
}

const INVALID_MESSAGE = 'Nothing was saved: fix the fields marked below.';

function touches(issue: ConfigWriteIssue, paths: readonly string[]): boolean {
  return paths.some((path) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`) || (issue.path !== '' && path.startsWith(`${issue.path}.`)));
}

/**
 * One settings form over the editor's snapshot: the person's changes, a check with the same schema
 * before anything is sent (issues of the keys it touches only; the gateway checks the whole file),
 * the write, and what the gateway did with it. Saved changes are cleared once the new snapshot is in.
 */
export function useSectionForm(editor: ConfigEditor): SectionForm {
  const snapshot = editor.snapshot;
  const reader = useMemo(() => createConfigReader(snapshot ?? { config: null, parsed: null, env_refs: [] }), [snapshot]);
  const [changes, setChanges] = useState<ConfigChanges>({});
  const [status, setStatus] = useState<SaveStatus>({ phase: 'idle' });
  const clearOnSnapshot = useRef(false);

  useEffect(() => {
    if (!clearOnSnapshot.current) return;
    clearOnSnapshot.current = false;
    setChanges({});
  }, [snapshot]);

  const change = useCallback((path: string, value: unknown) => setChanges((current) => resolveChange(current, reader, path, value)), [reader]);
  const revert = useCallback(
    (path: string) =>
      setChanges((current) => {
        const { [path]: _dropped, ...rest } = current;
        return rest;
      }),
    [],
  );

  const submit = useCallback(
    async (explicit?: Extract<ConfigWriteBody, { set?: unknown }> | null): Promise<ConfigApplied | null> => {
      const body = explicit === undefined ? resolveChangesBody(changes) : explicit;
      if (!body) return null;
      const paths = [...Object.keys(body.set ?? {}), ...(body.unset ?? [])];
      const issues = checkConfigValue(applyConfigEdits(snapshot?.parsed, body)).filter((issue) => touches(issue, paths));
      if (issues.length > 0) {
        setStatus({ phase: 'failed', failure: { kind: 'invalid', message: INVALID_MESSAGE, issues } });
        return null;
      }
      setStatus({ phase: 'saving' });
      const outcome = await editor.save(body);
      if (outcome.ok) {
        clearOnSnapshot.current = true;
        setStatus({ phase: 'saved', applied: outcome.result.applied });
        return outcome.result.applied;
      }
      setStatus({ phase: 'failed', failure: outcome.failure });
      return null;
    },
    [changes, editor, snapshot],
  );

  const issues = status.phase === 'failed' ? status.failure.issues : [];
  return { reader, changes, change, revert, status, issues, submit };
}
