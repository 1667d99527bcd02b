// Runs sandboxed in the renderer before the page: exposes `window.amqLab`, one small typed API
// (request + onSnapshot, plus shell info, opening a console in the browser and a dropped file's
// path). Sandboxed preloads are CommonJS and may only require 'electron', so the channel names
// are repeated here (tests/unit/ipc-adapter.test.ts checks they match).
import type { LabSnapshot } from '../../shared/lab-state.js';
import type { RequestMethod, Response } from '../../shared/contract.js';
import type { ShellInfo } from '../../shared/shell-info.js';

const { contextBridge, ipcRenderer, webUtils } = require('electron') as typeof import('electron');

export const PRELOAD_CHANNELS = {
  request: 'lab:request',
  snapshot: 'lab:snapshot',
  shellInfo: 'shell:info',
  openExternal: 'shell:open-external',
} as const;

const api = {
  request: (method: string, params: unknown): Promise<Response<RequestMethod>> => ipcRenderer.invoke(PRELOAD_CHANNELS.request, method, params),
  onSnapshot(listener: (snapshot: LabSnapshot) => void): () => void {
    const wrapped = (_event: unknown, snapshot: LabSnapshot) => listener(snapshot);
    ipcRenderer.on(PRELOAD_CHANNELS.snapshot, wrapped);
    return () => ipcRenderer.removeListener(PRELOAD_CHANNELS.snapshot, wrapped);
  },
  shellInfo: (): Promise<ShellInfo> => ipcRenderer.invoke(PRELOAD_CHANNELS.shellInfo),
  openExternal: (url: string): Promise<void> => ipcRenderer.invoke(PRELOAD_CHANNELS.openExternal, url),
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('amqLab', api);
