// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { createEventLog, type EventLog } from '../../../src-renderer/features/events/event-log.js';
import { EventLogView } from '../../../src-renderer/features/events/event-log-view.js';
import { connectLive, createTestClient, renderWithClient } from './support/harness.js';
import { startFakeGateway, type FakeGateway } from './support/fake-gateway.js';

let gateway: FakeGateway;
let client: GatewayClient;
let log: EventLog;

afterEach(async () => {
  vi.restoreAllMocks();
  await client?.close();
  await gateway?.close();
});

async function setup(options: { token?: string } = {}): Promise<void> {
  gateway = await startFakeGateway(options);
  client = createTestClient(gateway, options.token ? { credentials: { token: options.token } } : {});
  log = createEventLog({ capacity: 50 });
  client.onFrame((record) => log.push(record));
  await connectLive(client);
  renderWithClient(<EventLogView log={log} />, client);
}

function frameRows(): HTMLElement[] {
  return within(screen.getByRole('list', { name: 'Frames, newest first' })).getAllByRole('listitem');
}

function emitDeleted(key: string, skipSeq = 0): void {
  act(() => gateway.emit('session.deleted', { keys: [key] }, { skipSeq }));
}

describe('event log view', () => {
  it('lists the connect handshake in and out with direction and kind', async () => {
    await setup();
    await waitFor(() => expect(frameRows()).toHaveLength(2));
    const [response, request] = frameRows();
    expect(request).toHaveTextContent(/→requestconnect/);
    expect(response).toHaveTextContent(/←responseconnect/);
  });

  it('never shows the sign-in token in a logged frame', async () => {
    await setup({ token: 'sekret-token-123' });
    await waitFor(() => expect(frameRows()).toHaveLength(2));
    for (const row of frameRows()) await userEvent.click(within(row).getByRole('button'));
    expect(document.body.textContent).toContain('__OPENCLAW_REDACTED__');
    expect(document.body.textContent).not.toContain('sekret-token-123');
  });

  it('shows an event with its seq and its pretty JSON on expand', async () => {
    await setup();
    emitDeleted('agent:main:main');
    const row = await screen.findByText('session.deleted', { selector: '.event-name' });
    const button = row.closest('button') as HTMLElement;
    expect(button).toHaveTextContent('#1');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(button.parentElement?.querySelector('pre')?.textContent).toBe(
      JSON.stringify({ type: 'event', event: 'session.deleted', params: { keys: ['agent:main:main'] }, seq: 1 }, null, 2),
    );
  });

  it('marks a gap in seq with the missing numbers', async () => {
    await setup();
    emitDeleted('a');
    emitDeleted('b', 3);
    expect(await screen.findByRole('note')).toHaveTextContent('3 events missed before seq 5 (seq 2–4)');
  });

  it('filters by name and by full-text search', async () => {
    await setup();
    emitDeleted('agent:main:alpha');
    emitDeleted('agent:main:beta');
    await screen.findAllByText('session.deleted', { selector: '.event-name' });
    await waitFor(() => expect(frameRows()).toHaveLength(4));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Name' }), 'session.deleted');
    expect(frameRows()).toHaveLength(2);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'BETA');
    expect(frameRows()).toHaveLength(1);
    expect(screen.getByText('1 of 4 frames')).toBeInTheDocument();
  });

  it('buffers frames while paused and shows them on resume', async () => {
    await setup();
    await waitFor(() => expect(frameRows()).toHaveLength(2));
    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    emitDeleted('one');
    emitDeleted('two');
    const resume = await screen.findByRole('button', { name: 'Resume (2 waiting)' });
    expect(resume).toHaveAttribute('aria-pressed', 'true');
    expect(frameRows()).toHaveLength(2);
    await userEvent.click(resume);
    await waitFor(() => expect(frameRows()).toHaveLength(4));
    expect(screen.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('clears the log', async () => {
    await setup();
    await waitFor(() => expect(frameRows()).toHaveLength(2));
    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(await screen.findByText(/No frames yet/)).toBeInTheDocument();
  });

  it('keeps only the newest frames once the buffer is full', async () => {
    await setup();
    for (let index = 0; index < 60; index += 1) emitDeleted(`key-${index}`);
    await waitFor(() => expect(screen.getByText(/older frames dropped \(the log keeps the last 50\)/)).toBeInTheDocument());
    expect(screen.getByText('50 of 50 frames', { exact: false })).toBeInTheDocument();
    expect(within(frameRows()[0] as HTMLElement).getByText('#60')).toBeInTheDocument();
  });

  it('exports the shown frames as a JSON download', async () => {
    await setup();
    emitDeleted('exported-key');
    await screen.findByText('session.deleted', { selector: '.event-name' });
    const blobs: Blob[] = [];
    let downloadName = '';
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloadName = this.download;
    });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Name' }), 'session.deleted');
    await userEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(downloadName).toMatch(/^openclaw-events-.*\.json$/);
    const exported = JSON.parse(await (blobs[0] as Blob).text()) as { count: number; gateway: string; frames: Array<{ seq: number; frame: unknown }> };
    expect(exported.count).toBe(1);
    expect(exported.gateway).toBe(gateway.url);
    expect(exported.frames[0]?.frame).toEqual({ type: 'event', event: 'session.deleted', params: { keys: ['exported-key'] }, seq: 1 });
  });

  it('sends ping from the request console and shows the response', async () => {
    await setup();
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    const response = await screen.findByRole('status', { name: 'Response' });
    expect(response).toHaveTextContent(/ping answered in \d+ ms/);
    expect(response).toHaveTextContent('"pong": true');
    expect(gateway.frames.at(-1)).toMatchObject({ method: 'ping', params: {} });
  });

  it('shows the error code of a failed request', async () => {
    await setup();
    const method = screen.getByRole('combobox', { name: 'Method' });
    await userEvent.clear(method);
    await userEvent.type(method, 'nope.nothing');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    const response = await screen.findByRole('status', { name: 'Response' });
    expect(response).toHaveTextContent('nope.nothing failed (method_not_found)');
    expect(response).toHaveTextContent('Unknown method: nope.nothing');
  });

  it('refuses params that are not a JSON object without sending', async () => {
    await setup();
    const params = screen.getByRole('textbox', { name: /Params/ });
    await userEvent.clear(params);
    await userEvent.type(params, '[[1, 2');
    const sent = gateway.frames.length;
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/^Params are not valid JSON: /);
    expect(params).toHaveAttribute('aria-invalid', 'true');
    await userEvent.clear(params);
    await userEvent.type(params, '[[1]');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Params must be a JSON object, e.g. {"key": "agent:main:main"}.');
    expect(gateway.frames.length).toBe(sent);
  });

  it('says there were no events instead of drawing an empty sparkline', async () => {
    await setup();
    expect(screen.getByText('No events in the last minute')).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: /Events per second/ })).toBeNull();
  });

  it('draws the events-per-second sparkline once events arrive', async () => {
    await setup();
    emitDeleted('agent:main:main');
    const sparkline = await screen.findByRole('img', { name: /Events per second over the last minute/ });
    expect(sparkline.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(60);
    expect(screen.queryByText('No events in the last minute')).toBeNull();
  });
});
