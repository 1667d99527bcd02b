// @vitest-environment jsdom
// The instructor's page and the join line as an attendee pastes it.
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassroomPage, parseJoinLine } from '../../../renderer/src/components/Classroom.js';
import { qrPath } from '../../../renderer/src/components/JoinQr.js';
import { sortRows, toRow, type ClassroomView } from '../../../shared/classroom-rows.js';
import type { ClassroomEvent } from '../../../shared/classroom-event.js';

afterEach(cleanup);

function event(name: string, over: Partial<ClassroomEvent> = {}): ClassroomEvent {
  const now = new Date().toISOString();
  return {
    v: 1,
    at: now,
    seq: 1,
    name,
    lab: 'replicated-pair',
    labTitle: 'Replicated live/backup pair',
    labMinutes: 25,
    steps: [
      { id: 'prerequisites', title: 'Check prerequisites', status: 'passed', failures: 0, at: now, ms: 10, detail: 'Java 17' },
      { id: 'unpack', title: 'Unpack the broker', status: 'pending', failures: 0, at: null, ms: null, detail: null },
    ],
    current: { id: 'unpack', since: now },
    brokers: [{ name: 'master', role: 'primary', process: 'running', live: true }],
    failure: null,
    hand: false,
    left: false,
    versions: { os: 'Linux', java: 'Java 17', broker: 'Apache Artemis 2.44.0', app: '0.1.0' },
    recent: [],
    ...over,
  };
}

function view(events: ClassroomEvent[]): ClassroomView {
  return {
    title: 'Monday class',
    address: '192.168.1.20:5673',
    joinLine: 'amq-ha-lab classroom join 192.168.1.20:5673 --code 7QF-K2M --pin 0123456789abcdef0123',
    rows: sortRows(events.map((e, i) => toRow(`r${i}`, e, e.at, Date.now()))),
    dropped: { malformed: 1, oversized: 0, 'future-version': 2 },
    connected: true,
    reason: null,
  };
}

describe('classroom page', () => {
  it('shows the join line, needs-help rows first and marked, and a row opens its detail', async () => {
    const failed = event('Bo', {
      steps: [{ id: 'prerequisites', title: 'Check prerequisites', status: 'failed', failures: 2, at: null, ms: null, detail: 'no Java' }],
      failure: { step: 'prerequisites', text: 'no Java', hint: 'Install Java 17.', at: null },
    });
    render(<ClassroomPage view={view([event('Ada'), failed, event('Cy', { hand: true })])} ask={async () => null} />);
    expect(screen.getByTestId('join-line').textContent).toContain('--code 7QF-K2M');
    const rows = screen.getAllByTestId('classroom-row');
    expect(rows.map((r) => r.querySelector('.row-name')!.textContent)).toEqual(['Cy', 'Bo', 'Ada']);
    expect(rows[0]!.className).toContain('needs-help');
    expect(within(rows[1]!).getByText('a step failed twice')).toBeTruthy();
    expect(within(rows[1]!).getByText(/Install Java 17/)).toBeTruthy();
    expect(rows[2]!.className).not.toContain('needs-help');
    expect(screen.getByRole('status').textContent).toContain('3 bad events dropped');
    await userEvent.click(within(rows[2]!).getByRole('button', { name: /Ada/ }));
    expect(within(rows[2]!).getByText(/Apache Artemis 2.44.0/)).toBeTruthy();
  });

  it("asks a row for diagnostics and shows each row's ask: asked, declined, arrived with its file", async () => {
    const asked: string[] = [];
    const v = view([event('Ada'), event('Bo'), event('Cy'), event('Di', { left: true })]);
    const at = new Date().toISOString();
    v.rows[1]!.ask = { ask: 'a'.repeat(32), askedAt: at, state: 'declined', answeredAt: at, file: null };
    v.rows[2]!.ask = { ask: 'b'.repeat(32), askedAt: at, state: 'arrived', answeredAt: at, file: '/hub/diagnostics/Cy-r2.zip' };
    render(<ClassroomPage view={v} ask={async (row) => asked.push(row)} />);
    const rows = screen.getAllByTestId('classroom-row');
    await userEvent.click(within(rows[0]!).getByRole('button', { name: 'Ask for diagnostics' }));
    expect(asked).toEqual([v.rows[0]!.id]);
    expect(within(rows[1]!).getByTestId('row-ask').textContent).toBe('diagnostics declined ');
    expect(within(rows[2]!).getByTestId('row-ask').textContent).toBe('diagnostics arrived: /hub/diagnostics/Cy-r2.zip ');
    expect(within(rows[2]!).getByRole('button', { name: 'Ask again for diagnostics' })).toBeTruthy();
    // Nobody is there to answer a row that left.
    expect(within(rows[3]!).queryByRole('button', { name: /diagnostics/ })).toBeNull();
  });
});

describe('classroom page, a row and a lab', () => {
  it('shows the join line as a QR code too, the join line whole', () => {
    const v = view([event('Ada')]);
    render(<ClassroomPage view={v} ask={async () => null} />);
    const qr = screen.getByRole('img', { name: `QR code of the join line: ${v.joinLine}` });
    const drawn = qr.querySelector('path')!.getAttribute('d');
    expect(drawn).toBe(qrPath(v.joinLine).d);
    expect(drawn).not.toBe(qrPath(`${v.joinLine}0`).d);
    // The line's 85 characters at level M: 37 modules a side, and the four-module quiet zone around it.
    expect(qrPath(v.joinLine).size).toBe(37);
    expect(qr.getAttribute('viewBox')).toBe('-4 -4 45 45');
  });

  it("a row's detail shows its recent changes as a short timeline", async () => {
    const at = '2026-03-01T10:00:05.400Z';
    const recent: ClassroomEvent['recent'] = [
      { type: 'step-passed', at, step: 'prerequisites', ms: 1200 },
      { type: 'broker-became', at, broker: 'master', as: 'stopped', crashed: true },
      { type: 'failover-timed', at, group: 'master', ms: 1400, from: 'master', to: 'backup' },
      { type: 'ledger-check', at, label: 'on the backup', sent: 10, present: 10, lost: 0, duplicated: 0 },
    ];
    render(<ClassroomPage view={view([event('Ada', { recent })])} ask={async () => null} />);
    const row = screen.getByTestId('classroom-row');
    await userEvent.click(within(row).getByRole('button', { expanded: false }));
    const timeline = within(row).getByRole('list', { name: 'Recent changes' });
    expect(within(timeline).getAllByRole('listitem').map((li) => li.textContent!.slice(li.querySelector('time')!.textContent!.length + 1))).toEqual([
      '"Check prerequisites" passed (1.2 s)',
      'master crashed',
      'failover 1.4 s, master → backup',
      'ledger on the backup: 10 of 10 there',
    ]);
  });

  it('filters the rows by lab', async () => {
    render(<ClassroomPage view={view([event('Ada'), event('Bo', { lab: 'shared-store', labTitle: 'Shared store' }), event('Cy')])} ask={async () => null} />);
    expect(screen.getAllByTestId('classroom-row')).toHaveLength(3);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Lab' }), 'shared-store');
    const names = screen.getAllByTestId('classroom-row').map((r) => r.querySelector('.row-name')!.textContent);
    expect(names).toEqual(['Bo']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Lab' }), 'replicated-pair');
    expect(screen.getAllByTestId('classroom-row').map((r) => r.querySelector('.row-name')!.textContent)).toEqual(['Ada', 'Cy']);
  });
});

describe('join line', () => {
  it('is read whole from a paste, or as a bare HOST:PORT', () => {
    expect(parseJoinLine('amq-ha-lab classroom join 192.168.1.20:5673 --code 7QF-K2M --pin 0123456789abcdef0123')).toEqual({ hub: '192.168.1.20:5673', code: '7QF-K2M', pin: '0123456789abcdef0123' });
    expect(parseJoinLine(' 10.0.0.5:5673 ')).toEqual({ hub: '10.0.0.5:5673', code: undefined, pin: undefined });
  });
});
