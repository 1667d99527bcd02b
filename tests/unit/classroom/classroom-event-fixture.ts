// One attendee's event as the hub would hold it: two steps, the first passed, on the second since 10:00.
import type { ClassroomEvent } from '../../../shared/classroom-event.js';

export function classroomEvent(name: string, over: Partial<ClassroomEvent> = {}): ClassroomEvent {
  return {
    v: 1,
    at: '2026-01-01T10:00:00.000Z',
    seq: 1,
    name,
    lab: 'replicated-pair',
    labTitle: 'Replicated pair',
    labMinutes: 20,
    steps: [
      { id: 'a', title: 'A', status: 'passed', failures: 0, at: null, ms: null, detail: null },
      { id: 'b', title: 'B', status: 'pending', failures: 0, at: null, ms: null, detail: null },
    ],
    current: { id: 'b', since: '2026-01-01T10:00:00.000Z' },
    brokers: [],
    failure: null,
    hand: false,
    left: false,
    versions: { os: '', java: '', broker: '', app: '' },
    recent: [],
    ...over,
  };
}
