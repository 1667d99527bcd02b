// The Electron hardening decisions: exact-origin comparisons, the app:// file resolver, and the
// handlers installed on a (faked) WebContents.
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { resolveAppFile } from '../../electron/desktop/app-protocol.js';
import { denyAllPermissions, hardenContents, isAllowedOrigin, originOf, SECURE_WEB_PREFERENCES } from '../../electron/desktop/security.js';

describe('origins', () => {
  it('compares exact origins, not prefixes', () => {
    const allowed = ['http://127.0.0.1:8161', 'app://lab'];
    expect(isAllowedOrigin('http://127.0.0.1:8161/console/artemis', allowed)).toBe(true);
    expect(isAllowedOrigin('app://lab/index.html', allowed)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:81610/', allowed)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:8161.evil.example/', allowed)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:8161@evil.example/', allowed)).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:8161/', allowed)).toBe(false);
    expect(isAllowedOrigin('app://lab.evil/', allowed)).toBe(false);
    expect(isAllowedOrigin('not a url', allowed)).toBe(false);
    expect(originOf('javascript:alert(1)')).toBeNull();
  });
});

describe('app:// files', () => {
  it('resolves inside the renderer dir only', () => {
    expect(resolveAppFile('/r', 'app://lab/')).toBe('/r/index.html');
    expect(resolveAppFile('/r', 'app://lab/assets/a.js')).toBe('/r/assets/a.js');
    expect(resolveAppFile('/r', 'app://lab/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveAppFile('/r', 'app://other/index.html')).toBeNull();
    expect(resolveAppFile('/r', 'file:///etc/passwd')).toBeNull();
  });
});

describe('hardening', () => {
  it('turns on the checklist web preferences', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
  });

  it('denies every permission', () => {
    const calls: Record<string, (...a: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (calls.request = h),
      setPermissionCheckHandler: (h: never) => (calls.check = h),
      setDevicePermissionHandler: (h: never) => (calls.device = h),
    };
    denyAllPermissions(session as never);
    const callback = vi.fn();
    (calls.request as (a: unknown, b: string, c: (ok: boolean) => void) => void)({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect((calls.check as () => boolean)()).toBe(false);
  });

  it('blocks foreign navigation and window.open, opening console links outside', () => {
    const listeners: Record<string, (...a: unknown[]) => void> = {};
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, l: (...a: unknown[]) => void) => void (listeners[name] = l),
      setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
    } as unknown as WebContents;
    const openExternal = vi.fn(async () => undefined);
    hardenContents(contents, { appOrigin: 'app://lab', externalOrigins: () => ['http://127.0.0.1:5001'], frameOrigins: () => ['http://127.0.0.1:5001'], openExternal });

    const nav = (url: string) => {
      const event = { preventDefault: vi.fn() };
      listeners['will-navigate']!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(nav('app://lab/index.html')).toBe(false);
    expect(nav('https://evil.example/')).toBe(true);

    const frameNav = (url: string, isMainFrame: boolean) => {
      const event = { url, isMainFrame, preventDefault: vi.fn() };
      listeners['will-frame-navigate']!(event);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(frameNav('http://127.0.0.1:5001/console/artemis', false)).toBe(false);
    expect(frameNav('http://127.0.0.1:8161/console/artemis', false)).toBe(true);
    expect(frameNav('http://127.0.0.1:5001/console/artemis', true)).toBe(true);

    expect(openHandler!({ url: 'http://127.0.0.1:5001/console/artemis' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('http://127.0.0.1:5001/console/artemis');
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledOnce();

    const webview = { preventDefault: vi.fn() };
    listeners['will-attach-webview']!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});
