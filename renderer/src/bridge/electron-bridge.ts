// Electron: the preload's contextBridge API (electron/desktop/preload.ts) is all we get; it
// carries errors as plain ErrorInfo, rebuilt here so both shells fail the same way.
import type { LabSnapshot, ZipCandidate } from '../../../shared/lab-state.js';
import type { RequestMethod, RequestParams, RequestResult, Response } from '../../../shared/contract.js';
import type { ShellInfo } from '../../../shared/shell-info.js';
import { LabRequestError, type AppBridge } from './app-bridge.js';

/** The shape electron/desktop/preload.ts exposes as `window.amqLab`. */
export interface PreloadApi {
  request(method: string, params: unknown): Promise<Response<RequestMethod>>;
  onSnapshot(listener: (snapshot: LabSnapshot) => void): () => void;
  shellInfo(): Promise<ShellInfo>;
  openExternal(url: string): Promise<void>;
  pathForFile(file: File): string;
}

export function createElectronBridge(api: PreloadApi): AppBridge {
  const request = async <M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> => {
    const response = await api.request(method, params);
    if (!response.ok) throw new LabRequestError(response.error);
    return response.result as RequestResult<M>;
  };
  return {
    request,
    onSnapshot: (listener) => api.onSnapshot(listener),
    onConnection(listener) {
      listener('open');
      return () => undefined;
    },
    shellInfo: () => api.shellInfo(),
    openExternal: (url) => api.openExternal(url),
    async importZip(file): Promise<ZipCandidate> {
      return request('broker.import', { path: api.pathForFile(file) });
    },
  };
}
