/**
 * Retries `work` until it succeeds or the bound passes: a broker that just became live logs
 * AMQ221007 a moment before its acceptor opens, so the first connection may be refused.
 */
export async function retrying<T>(work: () => Promise<T>, boundMs: number): Promise<T> {
  const deadline = Date.now() + boundMs;
  let delay = 100;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() + delay >= deadline) throw error;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 1000);
    }
  }
}
