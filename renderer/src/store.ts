// The renderer's one store: the latest whole snapshot from the lab (replaced, never merged) plus
// what only the page knows: which requests are in flight, the last error, the setup report.
// Components read from it; actions go through the bridge. No React here, so it is tested bare.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RequestMethod, RequestParams, RequestResult, SetupReport } from '../../shared/contract.js';
import type { ErrorInfo, LabSnapshot, ZipCandidate } from '../../shared/lab-state.js';
import type { ShellInfo } from '../../shared/shell-info.js';
import type { AppBridge, ConnectionState } from './bridge/app-bridge.js';

export type Theme = 'light' | 'dark';

export interface LabState {
  snapshot: LabSnapshot | null;
  connection: ConnectionState;
  shell: ShellInfo | null;
  zips: ZipCandidate[] | null;
  setupReport: SetupReport | null;
  /** Keys of actions in flight: a method, or `step.run:<id>` for one step. */
  busy: Record<string, true>;
  error: (ErrorInfo & { action: string }) | null;
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

function toErrorInfo(error: unknown): ErrorInfo {
  const e = error as { code?: unknown; message?: unknown; hint?: unknown };
  return {
    code: typeof e?.code === 'string' ? e.code : 'INTERNAL',
    message: typeof e?.message === 'string' ? e.message : String(error),
    hint: typeof e?.hint === 'string' ? e.hint : null,
  };
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

    const call: LabActions['call'] = async (method, params, key = method) => {
      begin(key);
      try {
        const result = await bridge.request(method, params);
        if (method === 'lab.setup') set({ setupReport: result as SetupReport });
        return result;
      } catch (error) {
        set({ error: { ...toErrorInfo(error), action: key } });
        return undefined;
      } finally {
        end(key);
      }
    };

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
          await call('lab.setup', {});
          end(key);
        }
        // Even after a failed setup: the step's own run records the failure and its hint.
        await call('step.run', { id }, key);
      },
      async skipStep(id) {
        await call('step.skip', { id }, `step.skip:${id}`);
      },
      async refreshZips() {
        const zips = await call('broker.zips', {});
        if (zips) set({ zips });
      },
      async importZip(file) {
        begin('broker.import');
        try {
          await bridge.importZip(file);
          await get().refreshZips();
        } catch (error) {
          set({ error: { ...toErrorInfo(error), action: 'broker.import' } });
        } finally {
          end('broker.import');
        }
      },
      async downloadBroker() {
        const zips = await call('broker.download', {});
        if (zips) set({ zips });
      },
      dismissError: () => set({ error: null }),
      setTheme: (theme) => set({ theme }),
      setPickerOpen: (pickerOpen) => set({ pickerOpen }),
    };
  });

  // Both wires deliver snapshots in order and each is whole: the newest simply replaces.
  bridge.onSnapshot((snapshot) => store.setState({ snapshot }));
  bridge.onConnection((connection) => store.setState({ connection }));
  void bridge.shellInfo().then(
    (shell) => store.setState({ shell }),
    () => undefined,
  );
  return store;
}
