// The renderer's one store: the latest whole snapshot from the lab (replaced, never merged) plus
// what only the page knows: which requests are in flight, the last error, the setup report.
// Components read from it; actions go through the bridge. No React here, so it is tested bare.
// The error shown is one that is true now: it goes when its cause is gone (see errorStillTrue).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RequestMethod, RequestParams, RequestResult, SetupReport } from '../../shared/contract.js';
import { toErrorInfo } from '../../shared/error-info.js';
import type { ErrorInfo, LabSnapshot, ZipCandidate } from '../../shared/lab-state.js';
import type { ShellInfo } from '../../shared/shell-info.js';
import type { AppBridge, ConnectionState } from './bridge/app-bridge.js';
import { fixDone } from './fixes.js';

export type Theme = 'light' | 'dark';

/** A failed request, as the banner shows it. */
export interface ShownError extends ErrorInfo {
  /** What failed: a method, or a busy key like `step.run:<id>`; that action succeeding clears it. */
  action: string;
  /** The step whose "Do it for me" raised it: the error goes once that step passes. */
  step: string | null;
}

export interface LabState {
  snapshot: LabSnapshot | null;
  connection: ConnectionState;
  shell: ShellInfo | null;
  zips: ZipCandidate[] | null;
  setupReport: SetupReport | null;
  /** Keys of actions in flight: a method, or `step.run:<id>` for one step. */
  busy: Record<string, true>;
  error: ShownError | null;
  theme: Theme;
  /** The lab picker is open (the header's "Labs" and the lab bar both open it). */
  pickerOpen: boolean;
}

export interface LabActions {
  call<M extends RequestMethod>(method: M, params: RequestParams<M>, key?: string): Promise<RequestResult<M> | undefined>;
  runStep(id: string): Promise<void>;
  skipStep(id: string): Promise<void>;
  refreshZips(): Promise<void>;
  importZip(file: File): Promise<void>;
  /** Fetches Apache Artemis into installs/ (the lab's task shows the progress). */
  downloadBroker(): Promise<void>;
  dismissError(): void;
  setTheme(theme: Theme): void;
  setPickerOpen(open: boolean): void;
}

export type LabStore = StoreApi<LabState & LabActions>;

const stepDone = (snapshot: LabSnapshot | null, id: string) => {
  const status = snapshot?.steps.find((s) => s.id === id)?.status;
  return status === 'passed' || status === 'skipped';
};

/**
 * Whether the error shown is still true after this change: not once the fix it names is done (a
 * zip is there now, the brokers are stopped), nor once the step that raised it passes.
 */
function errorStillTrue(error: ShownError, now: Pick<LabState, 'snapshot' | 'zips'>, before: Pick<LabState, 'snapshot'>): boolean {
  if (fixDone(error.fix, now)) return false;
  // A pass seen now, not one from before the error (a Redo of a passed step that failed).
  return !(error.step !== null && stepDone(now.snapshot, error.step) && !stepDone(before.snapshot, error.step));
}

export function createLabStore(bridge: AppBridge, initialTheme: Theme = 'light'): LabStore {
  const store = createStore<LabState & LabActions>()((set, get) => {
    const begin = (key: string) => set((s) => ({ busy: { ...s.busy, [key]: true } }));
    const end = (key: string) =>
      set((s) => {
        const busy = { ...s.busy };
        delete busy[key];
        return { busy };
      });

    /** `step`: the step whose "Do it for me" this request is part of. */
    const request = async <M extends RequestMethod>(method: M, params: RequestParams<M>, key: string = method, step: string | null = null): Promise<RequestResult<M> | undefined> => {
      begin(key);
      try {
        const result = await bridge.request(method, params);
        if (method === 'lab.setup') set({ setupReport: result as SetupReport });
        // The same action went through: what it failed with before is not true any more.
        if (get().error?.action === key) set({ error: null });
        return result;
      } catch (error) {
        const info = toErrorInfo(error);
        // "No zip": the last listing of installs/ is not trusted (it may show a zip gone since);
        // listed again, the page shows what is there now, and the error goes once a zip is.
        const noZip = info.fix === 'download-broker';
        set({ error: { ...info, action: key, step }, ...(noZip ? { zips: null } : {}) });
        if (noZip) void get().refreshZips();
        return undefined;
      } finally {
        end(key);
      }
    };
    const call: LabActions['call'] = (method, params, key) => request(method, params, key);

    return {
      snapshot: null,
      connection: 'connecting',
      shell: null,
      zips: null,
      setupReport: null,
      busy: {},
      error: null,
      theme: initialTheme,
      pickerOpen: false,
      call,
      async runStep(id) {
        const key = `step.run:${id}`;
        // Unpack and create are one `setup` in the lab; calling it here keeps its report, which
        // explains each broker.xml change, for the page to show.
        if ((id === 'unpack' || id === 'create') && (id === 'unpack' || !get().setupReport)) {
          begin(key);
          await request('lab.setup', {}, 'lab.setup', id);
          end(key);
        }
        // Even after a failed setup: the step's own run records the failure and its hint.
        await request('step.run', { id }, key, id);
      },
      async skipStep(id) {
        await call('step.skip', { id }, `step.skip:${id}`);
      },
      async refreshZips() {
        if (get().busy['broker.zips']) return;
        const zips = await call('broker.zips', {});
        if (zips) set({ zips });
      },
      async importZip(file) {
        begin('broker.import');
        try {
          await bridge.importZip(file);
          await get().refreshZips();
        } catch (error) {
          set({ error: { ...toErrorInfo(error), action: 'broker.import', step: null } });
        } finally {
          end('broker.import');
        }
      },
      async downloadBroker() {
        const done = await call('broker.download', {});
        if (done) set({ zips: done.zips });
      },
      dismissError: () => set({ error: null }),
      setTheme: (theme) => set({ theme }),
      setPickerOpen: (pickerOpen) => set({ pickerOpen }),
    };
  });

  // Both wires deliver snapshots in order and each is whole: the newest simply replaces.
  bridge.onSnapshot((snapshot) => store.setState({ snapshot }));
  store.subscribe((now, before) => {
    if (now.error && !errorStillTrue(now.error, now, before)) store.setState({ error: null });
  });
  bridge.onConnection((connection) => store.setState({ connection }));
  void bridge.shellInfo().then(
    (shell) => store.setState({ shell }),
    () => undefined,
  );
  return store;
}
