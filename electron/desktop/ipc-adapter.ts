// The only door between the renderer and the lab in Electron. Every message is checked twice:
// the sender must be our own page (exact origin of its frame, and the top frame of our window),
// and the payload must pass the contract's schema (the lab's answer). Snapshots flow the other
// way, whole.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CHANNELS, type LabService } from '../../shared/contract.js';
import type { ShellInfo } from '../../shared/shell-info.js';
import { SHELL_CHANNELS } from './channels.js';
import { isAllowedOrigin } from './security.js';

export interface IpcAdapterOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  lab: LabService;
  /** Our window's contents; only its main frame may call. */
  contents: () => WebContents | null;
  appOrigin: string;
  shellInfo: () => ShellInfo;
  /** Console origins that may be opened in the default browser. */
  externalOrigins: () => readonly string[];
  openExternal: (url: string) => Promise<void>;
}

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, opts: Pick<IpcAdapterOptions, 'contents' | 'appOrigin'>): boolean {
  const frame = event.senderFrame;
  const contents = opts.contents();
  if (!frame || !contents || event.sender !== contents) return false;
  // Iframes (the consoles) share the window's WebContents: only the top frame is our page.
  if (frame !== contents.mainFrame) return false;
  return isAllowedOrigin(frame.url, [opts.appOrigin]);
}

/** Registers the handlers and starts pushing snapshots; returns the undo. */
export function registerLabIpc(opts: IpcAdapterOptions): () => void {
  const guard = (event: IpcMainInvokeEvent) => {
    if (!isTrustedSender(event, opts)) throw new UntrustedSenderError('IPC from an untrusted sender refused');
  };
  opts.ipcMain.handle(IPC_CHANNELS.request, async (event, method: unknown, params: unknown) => {
    guard(event);
    return opts.lab.answer(method, params);
  });
  opts.ipcMain.handle(SHELL_CHANNELS.shellInfo, (event) => {
    guard(event);
    return opts.shellInfo();
  });
  opts.ipcMain.handle(SHELL_CHANNELS.openExternal, async (event, url: unknown) => {
    guard(event);
    if (typeof url !== 'string' || !isAllowedOrigin(url, opts.externalOrigins())) {
      throw new Error('Only the broker consoles open in the browser');
    }
    await opts.openExternal(url);
  });
  const unsubscribe = opts.lab.onSnapshot((snapshot) => {
    const contents = opts.contents();
    if (contents && !contents.isDestroyed()) contents.send(IPC_CHANNELS.snapshot, snapshot);
  });
  return () => {
    unsubscribe();
    opts.ipcMain.removeHandler(IPC_CHANNELS.request);
    opts.ipcMain.removeHandler(SHELL_CHANNELS.shellInfo);
    opts.ipcMain.removeHandler(SHELL_CHANNELS.openExternal);
  };
}
