// Electron main: one window on the lab. Thin on purpose: the lab is openLab (plain Node), the
// consoles come through the same loopback proxies serve mode uses, and everything the page may
// ask goes through ipc-adapter.ts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import type { LabService } from '../../shared/contract.js';
import { openLab } from '../lab-service.js';
import { appCsp, contentTypeOf } from '../shell/app-page.js';
import { shellInfoOf, startConsoleProxies, type ConsoleProxies } from '../shell/console-proxies.js';
import { newToken, TOKEN_HEADER } from '../shell/guards.js';
import { APP_ORIGIN, APP_SCHEME, resolveAppFile } from './app-protocol.js';
import { registerLabIpc } from './ipc-adapter.js';
import { denyAllPermissions, hardenContents, originOf, SECURE_WEB_PREFERENCES } from './security.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = app.getAppPath();
const rendererDir = path.join(appRoot, 'dist/renderer');
const preloadPath = path.join(here, 'preload.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function labPaths(): { labDir: string; installsDir: string } {
  if (process.env.AMQ_HA_LAB_DIR) {
    return { labDir: path.resolve(process.env.AMQ_HA_LAB_DIR), installsDir: path.resolve(process.env.AMQ_HA_LAB_INSTALLS ?? 'installs') };
  }
  // From a clone (npm start) the lab lives where the CLI's does; packaged, under the user's data.
  return app.isPackaged
    ? { labDir: path.join(app.getPath('userData'), 'lab'), installsDir: path.join(app.getPath('userData'), 'installs') }
    : { labDir: path.resolve('target'), installsDir: path.resolve('installs') };
}

let lab: LabService | null = null;
let win: BrowserWindow | null = null;
let consoles: ConsoleProxies | null = null;
let quitting = false;

function consoleOrigins(): string[] {
  return consoles?.origins() ?? [];
}

function externalOrigins(): string[] {
  const own = lab?.snapshot().brokers.map((n) => originOf(n.consoleUrl)).filter((o): o is string => !!o) ?? [];
  return [...consoleOrigins(), ...own];
}

async function start(): Promise<void> {
  const token = newToken();
  lab = await openLab({ ...labPaths(), face: 'the app', classroomAgent: true });
  const proxies = await startConsoleProxies({ lab, token, cookieName: 'amqlab_desktop', frameAncestors: [APP_ORIGIN], basePort: 0 });
  consoles = proxies;

  const ses = session.defaultSession;
  denyAllPermissions(ses);
  // The proxies want the token; only requests to exactly their origins get it.
  ses.webRequest.onBeforeSendHeaders((details, callback) => {
    const headers = { ...details.requestHeaders };
    if (consoleOrigins().includes(originOf(details.url) ?? '')) headers[TOKEN_HEADER] = token;
    callback({ requestHeaders: headers });
  });

  // The proxies already narrow frame-ancestors to app://lab; Chromium's matching of custom schemes
  // in that directive is not something to bet the consoles on, so for exactly the proxy origins
  // the directive is dropped here (the token header above is what keeps others out).
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!consoleOrigins().includes(originOf(details.url) ?? '')) return callback({});
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (lower === 'x-frame-options') delete headers[name];
      if (lower === 'content-security-policy') {
        headers[name] = (headers[name] ?? []).map((csp) => csp.split(';').filter((d) => !/^\s*frame-ancestors\b/i.test(d)).join(';'));
      }
    }
    callback({ responseHeaders: headers });
  });

  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      const headers: Record<string, string> = { 'content-type': contentTypeOf(file) };
      if (file.endsWith('.html')) headers['content-security-policy'] = appCsp(consoleOrigins());
      return new Response(body, { headers });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  const shellInfo = () => shellInfoOf('electron', proxies, null);

  win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: 'AMQ HA Lab',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  const hardening = {
    appOrigin: APP_ORIGIN,
    externalOrigins,
    frameOrigins: consoleOrigins,
    openExternal: (url: string) => shell.openExternal(url),
  };
  hardenContents(win.webContents, hardening);
  registerLabIpc({
    ipcMain,
    lab,
    contents: () => win?.webContents ?? null,
    appOrigin: APP_ORIGIN,
    shellInfo,
    externalOrigins,
    openExternal: (url) => shell.openExternal(url),
  });
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

/** Asks before leaving brokers behind; stops them when the attendee says so. */
async function confirmQuit(): Promise<boolean> {
  const running = lab?.snapshot().brokers.filter((n) => n.process === 'running' || n.process === 'starting') ?? [];
  if (running.length === 0) return true;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Stop the brokers and quit', 'Quit, leave them running', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    message: `${running.map((n) => n.label).join(', ')} ${running.length > 1 ? 'are' : 'is'} still running.`,
    detail: 'Left running, the brokers keep their state; the app (or `amq-ha-lab status`) adopts them next time.',
  });
  if (response === 2) return false;
  if (response === 0) await lab?.request('lab.down', {}).catch(() => undefined);
  return true;
}

app.on('web-contents-created', (_event, contents) => {
  // Any other contents (there should be none) gets the same limits.
  if (win && contents === win.webContents) return;
  hardenContents(contents, { appOrigin: APP_ORIGIN, externalOrigins, frameOrigins: consoleOrigins, openExternal: (url) => shell.openExternal(url) });
});

app.on('before-quit', (event) => {
  if (quitting) return;
  event.preventDefault();
  void confirmQuit().then(async (ok) => {
    if (!ok) return;
    quitting = true;
    await consoles?.close();
    await lab?.close();
    app.quit();
  });
});

app.on('window-all-closed', () => app.quit());

app.whenReady().then(start, (error: unknown) => {
  dialog.showErrorBox('AMQ HA Lab could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
