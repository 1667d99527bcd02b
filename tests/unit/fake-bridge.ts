// An AppBridge over the in-memory lab, for store and component tests.
import { vi } from 'vitest';
import type { AppBridge } from '../../renderer/src/bridge/app-bridge.js';
import type { ShellInfo } from '../../shared/shell-info.js';
import type { FakeLab } from './fake-lab.js';

export const SHELL: ShellInfo = {
  shell: 'serve',
  consoles: [{ proxyOrigin: 'http://127.0.0.1:5001' }, { proxyOrigin: 'http://127.0.0.1:5002' }],
  uploadPath: '/api/upload',
};

export function bridgeFor(lab: FakeLab) {
  const bridge = {
    request: (method, params) => lab.request(method, params),
    onSnapshot: (l) => {
      const off = lab.onSnapshot(l);
      l(lab.snapshot());
      return off;
    },
    onConnection: (l) => {
      l('open');
      return () => undefined;
    },
    shellInfo: vi.fn(async () => SHELL),
    openExternal: vi.fn(async () => undefined),
    importZip: vi.fn(async (file: File) => lab.request('broker.import', { path: `/uploads/${file.name}` })),
  } satisfies AppBridge;
  return bridge;
}
