// IPC channels beyond the lab contract's own (IPC_CHANNELS in shared/contract.ts): the few
// things only the shell answers. The sandboxed preload cannot import this at run time, so it
// repeats the strings; the adapter's unit test checks they agree.
export const SHELL_CHANNELS = {
  shellInfo: 'shell:info',
  openExternal: 'shell:open-external',
} as const;
