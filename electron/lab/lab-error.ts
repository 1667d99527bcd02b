// A failure the attendee can act on: a stable code, one clear line, and a one-line fix.
import { toErrorInfo } from '../../shared/error-info.js';
import type { ErrorInfo, FixAction } from '../../shared/lab-state.js';

export { toErrorInfo };

export type LabErrorCode =
  | 'PORT_IN_USE'
  | 'JAVA_MISSING'
  | 'JAVA_TOO_OLD'
  | 'JAVA_TOO_NEW'
  | 'LIBAIO_MISSING'
  | 'BROKEN_DISTRIBUTION'
  | 'BAD_ZIP'
  | 'NOT_A_BROKER'
  | 'ZIP_SLIP'
  | 'NO_ZIP'
  | 'LAB_NOT_WRITABLE'
  | 'INSTANCE_EXISTS'
  | 'DISK_FULL'
  | 'NOT_SET_UP'
  | 'ALREADY_RUNNING'
  | 'NOT_RUNNING'
  | 'BROKER_DIED'
  | 'BACKUP_NOT_SYNCHRONIZED'
  /** A live broker gave up copying its journal to a replica that stopped answering (AMQ229114), then shut down. */
  | 'SYNC_GAVE_UP'
  | 'TIMEOUT'
  | 'COMMAND_FAILED'
  | 'BAD_REQUEST'
  | 'LAB_BUSY'
  /** The lab dir holds another lab than the one asked for. */
  | 'OTHER_LAB'
  | 'UNKNOWN_LAB';

export class LabError extends Error {
  override readonly name = 'LabError';
  /** The hint's fix named for every face, so the app can point at its own button instead of a command. */
  fix: FixAction | null = null;
  constructor(
    readonly code: LabErrorCode,
    message: string,
    /** The fix in the CLI's words. */
    readonly hint: string | null = null,
    /** Tail of the command output or log that explains the failure, for the curious. */
    readonly details: string | null = null,
  ) {
    super(message);
  }

  /** Names the hint's fix for every face: `throw new LabError(…, 'Run `amq-ha-lab setup` first.').fixedBy('set-up')`. */
  fixedBy(fix: FixAction | null | undefined): this {
    this.fix = fix ?? null;
    return this;
  }

  toInfo(): ErrorInfo {
    return toErrorInfo(this);
  }
}

/** The last lines of some output, for an error message that fits a terminal. */
export function tailLines(text: string, count = 15): string {
  return text.trimEnd().split(/\r?\n/).slice(-count).join('\n');
}
