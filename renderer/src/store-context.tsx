import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppBridge } from './bridge/app-bridge.js';
import type { LabActions, LabState, LabStore } from './store.js';

const StoreContext = createContext<{ store: LabStore; bridge: AppBridge } | null>(null);

export function LabProvider({ store, bridge, children }: { store: LabStore; bridge: AppBridge; children: ReactNode }) {
  return <StoreContext.Provider value={{ store, bridge }}>{children}</StoreContext.Provider>;
}

function useCtx() {
  const ctx = useContext(StoreContext);
  if (!ctx) throw new Error('LabProvider missing');
  return ctx;
}

/** Reads from the store; select primitives or stable references (the snapshot's own objects). */
export function useLab<T>(selector: (s: LabState & LabActions) => T): T {
  return useStore(useCtx().store, selector);
}

export function useBridge(): AppBridge {
  return useCtx().bridge;
}
