import { useId, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { GatewayRequestError } from '../../../src-shared/client/errors.js';
import { WS_METHOD_NAMES } from '../../../src-shared/protocol/methods.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { useConnectionState, useGatewayClient } from '../../lib/gateway-context.js';
import { formatJson } from '../../lib/format.js';

type ConsoleResult =
  | { kind: 'ok'; method: string; ms: number; result: unknown }
  | { kind: 'error'; method: string; ms: number; code: string; message: string; details?: Record<string, unknown> };

/** Parses the params box: empty means `{}`; anything but a JSON object is refused with a reason. */
export function parseConsoleParams(text: string): { ok: true; params: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, params: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Params are not valid JSON: ${describeError(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'Params must be a JSON object, e.g. {"key": "agent:main:main"}.' };
  }
  return { ok: true, params: value as Record<string, unknown> };
}

/** Sends any method with JSON params over the live connection and shows the answer. */
export function RequestConsole() {
  const client = useGatewayClient();
  const connection = useConnectionState();
  const [method, setMethod] = useState('ping');
  const [paramsText, setParamsText] = useState('{}');
  const [paramsError, setParamsError] = useState<string | null>(null);
  const [result, setResult] = useState<ConsoleResult | null>(null);
  const [busy, setBusy] = useState(false);
  const listId = useId();
  const paramsErrorId = useId();
  const methods = connection.status === 'live' ? connection.methods : WS_METHOD_NAMES;
  const live = connection.status === 'live';

  async function send(): Promise<void> {
    const parsed = parseConsoleParams(paramsText);
    if (!parsed.ok) {
      setParamsError(parsed.error);
      return;
    }
    setParamsError(null);
    setBusy(true);
    const name = method.trim();
    const started = performance.now();
    try {
      const answer = await client.requestRaw(name, parsed.params);
      setResult({ kind: 'ok', method: name, ms: performance.now() - started, result: answer });
    } catch (error) {
      const ms = performance.now() - started;
      if (error instanceof GatewayRequestError) {
        setResult({ kind: 'error', method: name, ms, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
      } else {
        setResult({ kind: 'error', method: name, ms, code: 'client_error', message: String(error) });
      }
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void send();
  }

  function onParamsKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <section className="panel console" aria-labelledby="console-title">
      <h2 id="console-title" className="panel-title">
        Request console
      </h2>
      <form onSubmit={onSubmit} className="console-form">
        <label className="field">
          <span className="field-label">Method</span>
          <input value={method} list={listId} spellCheck={false} autoComplete="off" onChange={(event) => setMethod(event.target.value)} />
          <datalist id={listId}>
            {methods.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <label className="field field-grow">
          <span className="field-label">Params (JSON object; Ctrl+Enter sends)</span>
          <textarea
            value={paramsText}
            rows={3}
            spellCheck={false}
            className="mono"
            aria-invalid={paramsError !== null}
            aria-describedby={paramsError ? paramsErrorId : undefined}
            onChange={(event) => setParamsText(event.target.value)}
            onKeyDown={onParamsKeyDown}
          />
        </label>
        <div className="console-actions">
          <button type="submit" className="button button-primary" disabled={busy || !live || method.trim() === ''}>
            Send
          </button>
          {!live ? <span className="muted">Connect to send requests.</span> : null}
        </div>
      </form>
      {paramsError ? (
        <p id={paramsErrorId} className="field-error" role="alert">
          {paramsError}
        </p>
      ) : null}
      {result ? (
        <div className={`console-result ${result.kind === 'error' ? 'console-result-error' : ''}`} role="status" aria-label="Response">
          <p className="console-result-head">
            <span className="mono">{result.method}</span> {result.kind === 'ok' ? 'answered' : `failed (${result.code})`} in{' '}
            {result.ms.toFixed(0)} ms
          </p>
          <pre className="json-block">
            {result.kind === 'ok' ? formatJson(result.result) : formatJson({ code: result.code, message: result.message, ...(result.details ? { details: result.details } : {}) })}
          </pre>
        </div>
      ) : null}
    </section>
  );
}
