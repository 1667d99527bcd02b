// What the renderer needs from its shell, whichever it is: the lab contract (LabClient) plus the
// few things only the shell can do (where the consoles are, opening a browser, taking a zip).
import type { LabClient } from '../../../shared/contract.js';
import type { ErrorInfo, FixAction, ZipCandidate } from '../../../shared/lab-state.js';
import type { ShellInfo } from '../../../shared/shell-info.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface AppBridge extends LabClient {
  shellInfo(): Promise<ShellInfo>;
  /** Opens a console URL outside the app (the shell allow-lists what it opens). */
  openExternal(url: string): Promise<void>;
  /** Hands a picked or dropped zip to the lab, which copies it into installs/. */
  importZip(file: File): Promise<ZipCandidate>;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** An error from the lab, rebuilt whole on this side of the wire (code, message, hint, fix). */
export class LabRequestError extends Error {
  override readonly name = 'LabRequestError';
  readonly code: string;
  readonly hint: string | null;
  readonly fix: FixAction | null;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
    this.hint = info.hint;
    this.fix = info.fix ?? null;
  }
}
