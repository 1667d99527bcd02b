// Simulated attendees for the classroom bench, in a process of their own so the bench process's
// CPU is the instructor view's: `count` real AMQP connections to the hub, each publishing its
// whole state once a second (one more step passed each time) for `seconds`.
import { ClassroomPublisher } from '../../electron/classroom/publisher.js';
import { newRowKey } from '../../electron/classroom/membership.js';
import { encodeEvent, type ClassroomEvent } from '../../shared/classroom-event.js';
import { findLab } from '../../shared/labs/index.js';

const [host, port, pin, code, count, seconds] = process.argv.slice(2);
const lab = findLab('replicated-pair')!;

function event(i: number, tick: number): ClassroomEvent {
  const now = new Date().toISOString();
  const passed = tick % (lab.story.length + 1);
  return {
    v: 1,
    at: now,
    seq: tick,
    name: `attendee ${i + 1}`,
    lab: lab.id,
    labTitle: lab.title,
    labMinutes: lab.minutes,
    steps: lab.story.map((s, j) => ({ id: s.id, title: s.title, status: j < passed ? 'passed' : 'pending', failures: 0, at: j < passed ? now : null, ms: null, detail: j < passed ? `done by simulated attendee ${i + 1}` : null })),
    current: passed < lab.story.length ? { id: lab.story[passed]!.id, since: now } : null,
    brokers: [
      { name: 'master', role: 'primary', process: 'running', live: true },
      { name: 'backup', role: 'backup', process: 'running', live: false },
    ],
    failure: null,
    hand: false,
    left: false,
    versions: { os: 'bench', java: 'bench', broker: 'bench', app: 'bench' },
    recent: [],
  };
}

const publishers = Array.from({ length: Number(count) }, () => new ClassroomPublisher({ address: { host: host!, port: Number(port), pin: pin === 'none' ? null : pin! }, code: code!, rowKey: newRowKey() }));
for (const p of publishers) p.start();
let tick = 0;
const timer = setInterval(() => {
  tick += 1;
  // Spread over the second, as real attendees are.
  publishers.forEach((p, i) => setTimeout(() => p.publish(encodeEvent(event(i, tick))), (i * 1000) / publishers.length));
}, 1000);
setTimeout(async () => {
  clearInterval(timer);
  await Promise.all(publishers.map((p) => p.flush(5000)));
  const connected = publishers.filter((p) => p.current().lastAcceptedAt).length;
  process.stdout.write(`${JSON.stringify({ connected, sent: publishers.reduce((n, p) => n + p.current().sent, 0) })}\n`);
  for (const p of publishers) p.close();
  process.exit(0);
}, Number(seconds) * 1000);
