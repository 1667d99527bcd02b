// Long-running consumers pinned to brokers (the clustered labs' "a consumer on each broker"), as
// plain data: one detached process per lab holds them and writes this to run/consumers.json,
// which every face watches. Part of every LabSnapshot.

/** One broker's consumer on the lab's queue. */
export interface PinnedConsumer {
  /** The broker id it is pinned to (it never follows another broker). */
  broker: string;
  /** attached: its receiver is open on the broker; connecting: wanted, not (yet, or again) attached; stopped: not wanted. */
  state: 'attached' | 'connecting' | 'stopped';
  /** When it last reached `state` (ISO, the consumers process's clock). */
  since: string;
  /** Messages received (and acknowledged) since this consumer was last started. */
  received: number;
  /**
   * Received since its last start, per ledger run id (the lab's `send` stamps every message with
   * one): "of the 20 just sent, this broker's consumer got 10", with no counter to subtract.
   */
  byRun: Record<string, number>;
  lastError: string | null;
}

export interface ConsumersSnapshot {
  /** The process holding the consumers; alive while `running` is true. */
  pid: number;
  running: boolean;
  queue: string;
  updatedAt: string;
  /** Keyed by broker id; a consumer once started stays listed (stopped) with its last counts. */
  consumers: Record<string, PinnedConsumer>;
}
