// A child process for the one-truth tests: hammers the lab's state files the way a lab process
// does (progress merges, ledger claims, the lab's action lock), until it is killed.
//   node --import tsx state-writer.ts <labDir> churn      — writes forever (to be kill -9'd)
//   node --import tsx state-writer.ts <labDir> reserve N  — claims N single sequence numbers, prints them
//   node --import tsx state-writer.ts <labDir> hold       — takes the lab's lock, says so, holds it
import { acquireLock } from '../../../electron/lab/state/file-lock.js';
import { labLockPath } from '../../../electron/lab/state/lab-action-lock.js';
import { recordSent, reserveSend } from '../../../electron/lab/messages/ledger.js';
import { saveProgress } from '../../../electron/lab/state/progress-file.js';

const [labDir, mode, n] = process.argv.slice(2) as [string, string, string | undefined];
const base = [{ id: 'a', status: 'pending' as const, ms: null, detail: null, hint: null }];

if (mode === 'churn') {
  await acquireLock(labLockPath(labDir), { face: 'the churn', action: 'churn' }, { waitMs: 10_000 });
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    await saveProgress(labDir, { steps: [{ ...base[0]!, status: i % 2 ? 'running' : 'passed', detail: 'x'.repeat(i % 5000) }], events: [{ time: new Date().toISOString(), broker: 'master', code: 'LAB', kind: 'lab', text: `event ${i}` }] }, base);
    const claim = await reserveSend(labDir, 3);
    await recordSent(labDir, { ...claim, count: 3 });
  }
} else if (mode === 'reserve') {
  const seqs: number[] = [];
  for (let i = 0; i < Number(n); i++) seqs.push((await reserveSend(labDir, 1)).firstSeq);
  process.stdout.write(`${JSON.stringify(seqs)}\n`);
} else if (mode === 'hold') {
  await acquireLock(labLockPath(labDir), { face: 'the test holder', action: 'hold' }, { waitMs: 10_000 });
  process.stdout.write('held\n');
  setInterval(() => {}, 1000);
}
