// Electron's security checklist, as small pure decisions plus the wiring that applies them.
// URLs are parsed and compared by exact origin, never by prefix: `http://127.0.0.1:8161.evil`
// and `http://127.0.0.1:81610` must not pass for `http://127.0.0.1:8161`.
import type { Session, WebContents } from 'electron';

/** The origin of a URL, or null when it does not parse or has an opaque origin. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes (app://lab) have an opaque URL.origin ("null"): rebuild it from the parts.
    if (u.origin === 'null') return u.host ? `${u.protocol}//${u.host}` : null;
    return u.origin;
  } catch {
    return null;
  }
}

export function isAllowedOrigin(url: string, allowed: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && allowed.includes(origin);
}

export interface HardeningOptions {
  /** The app page's own origin, e.g. app://lab. */
  appOrigin: string;
  /** Console origins (proxies and the brokers' own) that may be opened in the default browser. */
  externalOrigins: () => readonly string[];
  /** Console proxy origins the app page may frame. */
  frameOrigins: () => readonly string[];
  openExternal: (url: string) => Promise<void>;
}

/** Denies every permission (camera, notifications, clipboard-read, ...): the app needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Navigation, new windows and webviews for one WebContents (the window and every frame). */
export function hardenContents(contents: WebContents, opts: HardeningOptions): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedOrigin(url, [opts.appOrigin])) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) {
      if (!isAllowedOrigin(event.url, [opts.appOrigin])) event.preventDefault();
    } else if (!isAllowedOrigin(event.url, opts.frameOrigins())) {
      event.preventDefault();
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedOrigin(url, opts.externalOrigins())) void opts.openExternal(url);
    return { action: 'deny' };
  });
}

/** The webPreferences the checklist asks for; main.ts adds the preload path. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;
