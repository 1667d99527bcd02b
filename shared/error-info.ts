// The one conversion of a failure into ErrorInfo, for every face: the lab's own errors (LabError),
// errors rebuilt from a response (the renderer's LabRequestError) and anything else thrown. Read
// by shape, so neither side needs the other's class.
import type { ErrorInfo, FixAction } from './lab-state.js';

/** Every fix a face may name; a Record so adding one to FixAction without listing it here fails to compile. */
const FIX_ACTIONS: Record<FixAction, true> = {
  'download-broker': true,
  'set-up': true,
  'check-prerequisites': true,
  'reset-lab': true,
  'stop-brokers': true,
  'start-broker': true,
  'send-messages': true,
  'start-traffic': true,
  'stop-traffic': true,
};

export function isFixAction(value: unknown): value is FixAction {
  return typeof value === 'string' && Object.hasOwn(FIX_ACTIONS, value);
}

/** code, message, hint and fix of whatever was thrown; INTERNAL when it names no code. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error === null || typeof error !== 'object') return { code: 'INTERNAL', message: String(error), hint: null };
  const code = 'code' in error && typeof error.code === 'string' ? error.code : 'INTERNAL';
  const message = 'message' in error && typeof error.message === 'string' ? error.message : String(error);
  const hint = 'hint' in error && typeof error.hint === 'string' ? error.hint : null;
  const fix = 'fix' in error && isFixAction(error.fix) ? error.fix : null;
  return fix ? { code, message, hint, fix } : { code, message, hint };
}
