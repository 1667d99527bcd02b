// The Electron IPC adapter with the electron objects faked: only our page's top frame is heard,
// every payload passes the contract's schema, snapshots reach the window, and only console URLs
// reach the default browser.
import { readFileSync } from 'node:fs';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { SHELL_CHANNELS } from '../../electron/desktop/channels.js';
import { registerLabIpc, UntrustedSenderError } from '../../electron/desktop/ipc-adapter.js';
import { IPC_CHANNELS } from '../../shared/contract.js';
import type { ShellInfo } from '../../shared/shell-info.js';
import { createFakeLab } from './fake-lab.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, h: Handler) => void handlers.set(channel, h)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const mainFrame = { url: 'app://lab/index.html' };
  const sent: Array<[string, unknown]> = [];
  const contents = {
    mainFrame,
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => sent.push([channel, payload]),
  } as unknown as WebContents;
  const lab = createFakeLab();
  const openExternal = vi.fn(async () => undefined);
  const shellInfo: ShellInfo = { shell: 'electron', consoles: [{ proxyOrigin: 'http://127.0.0.1:5001' }, { proxyOrigin: 'http://127.0.0.1:5002' }], uploadPath: null };
  const undo = registerLabIpc({
    ipcMain: ipcMain as never,
    lab,
    contents: () => contents,
    appOrigin: 'app://lab',
    shellInfo: () => shellInfo,
    externalOrigins: () => ['http://127.0.0.1:5001', 'http://127.0.0.1:8161'],
    openExternal,
  });
  const event = (frame: { url: string } | null = mainFrame, sender: unknown = contents) => ({ senderFrame: frame, sender }) as unknown as IpcMainInvokeEvent;
  const invoke = (channel: string, ev: IpcMainInvokeEvent, ...args: unknown[]) => Promise.resolve(handlers.get(channel)!(ev, ...args));
  return { handlers, ipcMain, lab, sent, openExternal, event, invoke, undo, mainFrame, contents };
}

describe('IPC adapter', () => {
  it('forwards a valid request from our page and answers with the result', async () => {
    const t = setup();
    const response = await t.invoke(IPC_CHANNELS.request, t.event(), 'doctor.run', {});
    expect(response).toMatchObject({ ok: true });
    expect(t.lab.calls).toEqual([{ method: 'doctor.run', params: {} }]);
  });

  it('refuses senders that are not our top frame on our exact origin', async () => {
    const t = setup();
    const iframe = { url: 'app://lab/index.html' }; // same URL, but a subframe (a console)
    await expect(t.invoke(IPC_CHANNELS.request, t.event(iframe), 'doctor.run', {})).rejects.toBeInstanceOf(UntrustedSenderError);
    t.mainFrame.url = 'http://127.0.0.1:5001/console/artemis';
    await expect(t.invoke(IPC_CHANNELS.request, t.event(), 'doctor.run', {})).rejects.toBeInstanceOf(UntrustedSenderError);
    t.mainFrame.url = 'app://lab.evil/index.html';
    await expect(t.invoke(IPC_CHANNELS.request, t.event(), 'doctor.run', {})).rejects.toBeInstanceOf(UntrustedSenderError);
    t.mainFrame.url = 'app://lab/index.html';
    await expect(t.invoke(IPC_CHANNELS.request, t.event(t.mainFrame, {}), 'doctor.run', {})).rejects.toBeInstanceOf(UntrustedSenderError);
    await expect(t.invoke(IPC_CHANNELS.request, t.event(null), 'doctor.run', {})).rejects.toBeInstanceOf(UntrustedSenderError);
    expect(t.lab.calls).toEqual([]);
  });

  it('turns invalid payloads into BAD_REQUEST without calling the lab', async () => {
    const t = setup();
    expect(await t.invoke(IPC_CHANNELS.request, t.event(), 'broker.stop', { broker: 'master; rm -rf /' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await t.invoke(IPC_CHANNELS.request, t.event(), 'lab.reset', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await t.invoke(IPC_CHANNELS.request, t.event(), 'messages.send', { count: 1e9 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await t.invoke(IPC_CHANNELS.request, t.event(), 'shell.exec', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(t.lab.calls).toEqual([]);
  });

  it('carries lab errors whole (code, message, hint, the fix by name)', async () => {
    const t = setup();
    t.lab.failNext('broker.start', { code: 'PORT_IN_USE', message: 'Port 61616 is in use by java (pid 1).', hint: 'Stop the other broker.', fix: 'check-prerequisites' });
    expect(await t.invoke(IPC_CHANNELS.request, t.event(), 'broker.start', { broker: 'master' })).toEqual({
      ok: false,
      error: { code: 'PORT_IN_USE', message: 'Port 61616 is in use by java (pid 1).', hint: 'Stop the other broker.', fix: 'check-prerequisites' },
    });
  });

  it('pushes every snapshot to the window, and stops when undone', async () => {
    const t = setup();
    await t.lab.request('doctor.run', {});
    expect(t.sent.at(-1)?.[0]).toBe(IPC_CHANNELS.snapshot);
    const count = t.sent.length;
    t.undo();
    await t.lab.request('doctor.run', {});
    expect(t.sent.length).toBe(count);
    expect(t.handlers.size).toBe(0);
  });

  it('opens only allow-listed console URLs in the browser', async () => {
    const t = setup();
    await t.invoke(SHELL_CHANNELS.openExternal, t.event(), 'http://127.0.0.1:5001/console/artemis');
    expect(t.openExternal).toHaveBeenCalledOnce();
    for (const bad of ['http://127.0.0.1:50011/', 'http://127.0.0.1:5001.evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 42]) {
      await expect(t.invoke(SHELL_CHANNELS.openExternal, t.event(), bad)).rejects.toThrow();
    }
    expect(t.openExternal).toHaveBeenCalledOnce();
  });

  it('uses the same channel names as the sandboxed preload', () => {
    const preload = readFileSync(new URL('../../electron/desktop/preload.cts', import.meta.url), 'utf8');
    for (const channel of [IPC_CHANNELS.request, IPC_CHANNELS.snapshot, SHELL_CHANNELS.shellInfo, SHELL_CHANNELS.openExternal]) {
      expect(preload).toContain(`'${channel}'`);
    }
  });
});
