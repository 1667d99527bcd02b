// Serve mode: the contract over one WebSocket to the page's own origin (the token travels in the
// cookie the server set on first load). Reconnects on its own; requests in flight when the
// socket drops fail with a clear message rather than hanging.
import type { ErrorInfo, LabSnapshot, ZipCandidate } from '../../../shared/lab-state.js';
import type { ClientMessage, RequestMethod, RequestParams, RequestResult, Response, ServerMessage } from '../../../shared/contract.js';
import type { ShellInfo } from '../../../shared/shell-info.js';
import { LabRequestError, type AppBridge, type ConnectionState } from './app-bridge.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export function createWsBridge(location: { protocol: string; host: string; origin: string } = window.location): AppBridge {
  const snapshotListeners = new Set<(s: LabSnapshot) => void>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryMs = 250;
  let state: ConnectionState = 'connecting';

  const setState = (s: ConnectionState) => {
    state = s;
    for (const l of connectionListeners) l(s);
  };

  const connect = () => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setState('open');
      for (const frame of queue.splice(0)) ws.send(frame);
    };
    ws.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as ServerMessage;
      if (message.type === 'snapshot') {
        for (const l of snapshotListeners) l(message.snapshot);
      } else if (message.type === 'response') {
        const p = pending.get(message.id);
        if (!p) return;
        pending.delete(message.id);
        const response = message.response as Response<RequestMethod>;
        if (response.ok) p.resolve(response.result);
        else p.reject(new LabRequestError(response.error));
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new LabRequestError({ code: 'DISCONNECTED', message: 'The connection to the lab dropped; the request may or may not have run.', hint: 'The page reconnects by itself; check the step again.' }));
      }
      setState('closed');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 4000);
    };
  };
  connect();

  return {
    request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
      const id = nextId++;
      const frame: ClientMessage = { type: 'request', id, method, params };
      return new Promise<RequestResult<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        const text = JSON.stringify(frame);
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    onSnapshot(listener) {
      snapshotListeners.add(listener);
      return () => snapshotListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    async shellInfo() {
      const res = await fetch('/api/shell', { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`shell info: HTTP ${res.status}`);
      return (await res.json()) as ShellInfo;
    },
    async openExternal(url) {
      window.open(url, '_blank', 'noopener,noreferrer');
    },
    async importZip(file): Promise<ZipCandidate> {
      const res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        body: file,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/zip' },
      });
      const body = (await res.json()) as { ok: true; result: ZipCandidate } | { ok: false; error: ErrorInfo };
      if (!body.ok) throw new LabRequestError(body.error);
      return body.result;
    },
  };
}
