// The one place an untrusted request from a face (WebSocket, Electron IPC) becomes a call on the
// lab: the method must be known, the params must pass the contract's schema, and every failure
// comes back whole as ErrorInfo instead of a thrown error crossing the boundary.
import { isRequestMethod, parseRequest, type LabService, type RequestMethod, type Response } from '../../shared/contract.js';
import type { ErrorInfo, FixAction } from '../../shared/lab-state.js';
import { classroomOf, isClassroomMethod } from '../classroom/classroom-service.js';

function errorInfo(error: unknown): ErrorInfo {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; hint?: unknown; fix?: unknown; toInfo?: () => ErrorInfo };
    if (typeof e.toInfo === 'function') return e.toInfo();
    return {
      code: typeof e.code === 'string' ? e.code : 'INTERNAL',
      message: typeof e.message === 'string' ? e.message : String(error),
      hint: typeof e.hint === 'string' ? e.hint : null,
      ...(typeof e.fix === 'string' ? { fix: e.fix as FixAction } : {}),
    };
  }
  return { code: 'INTERNAL', message: String(error), hint: null };
}

export async function dispatchRequest(lab: LabService, method: unknown, params: unknown): Promise<Response<RequestMethod>> {
  if (!isRequestMethod(method)) {
    return { ok: false, error: { code: 'BAD_REQUEST', message: `Unknown request ${JSON.stringify(method)}`, hint: null } };
  }
  let parsed;
  try {
    parsed = parseRequest(method, params);
  } catch (error) {
    return { ok: false, error: { code: 'BAD_REQUEST', message: (error as Error).message, hint: null } };
  }
  try {
    // The method/params pair was checked together above; TypeScript cannot follow that link.
    const result = isClassroomMethod(method)
      ? await classroomOf(lab).request(method, parsed)
      : await (lab.request as (m: RequestMethod, p: unknown) => Promise<unknown>)(method, parsed);
    return { ok: true, result } as Response<RequestMethod>;
  } catch (error) {
    return { ok: false, error: errorInfo(error) };
  }
}
