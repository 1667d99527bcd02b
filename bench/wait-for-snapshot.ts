// A bounded wait on the lab's snapshot, from outside the lab: what the benchmark times (a backup
// taking over) is seen in the snapshots any face receives.
import type { LabService } from '../shared/contract.js';
import type { LabSnapshot } from '../shared/lab-state.js';

export function waitForSnapshot(lab: Pick<LabService, 'snapshot' | 'onSnapshot'>, until: (s: LabSnapshot) => boolean, timeoutMs: number, what: string): Promise<LabSnapshot> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}.`));
    }, timeoutMs);
    const check = (s: LabSnapshot): boolean => {
      if (!until(s)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(s);
      return true;
    };
    if (check(lab.snapshot())) return;
    unsubscribe = lab.onSnapshot((s) => void check(s));
  });
}
