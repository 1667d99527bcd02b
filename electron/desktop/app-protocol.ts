// The renderer is served from app://lab/, a standard, secure custom scheme: a real origin for
// the sender checks and the CSP, no file:// quirks, and nothing outside dist/renderer reachable.
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The file an app:// URL names inside the renderer dir, or null when it points elsewhere. */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  const rel = u.pathname === '/' || u.pathname === '' ? 'index.html' : decodeURIComponent(u.pathname).replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, rel);
  return file.startsWith(root + path.sep) ? file : null;
}
