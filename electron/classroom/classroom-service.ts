// The classroom for the app's faces (Electron, serve): answers the `classroom.*` requests of
// shared/classroom-contract.ts. Not part of any lab: the hub and the membership are the machine's
// and the user's. The instructor's view is read live from the hub once a face first asks.
import { classroomRequestSchemas, type ClassroomRequestResults } from '../../shared/classroom-contract.js';
import type { LabService } from '../../shared/contract.js';
import type { ClassroomView } from '../../shared/classroom-rows.js';
import { ensureAgent } from './agent.js';
import { askDiagnostics } from './ask-diagnostics.js';
import { answerInstructor, joinClassroom, leaveClassroom, membershipView, setHand } from './attendee-actions.js';
import { defaultHubDir, joinLine, readHubConfig } from './hub-config.js';
import { hubRunning } from './hub.js';
import { InstructorView } from './instructor-view.js';
import { LabError } from '../lab/lab-error.js';

import type { ClassroomMethod } from '../../shared/classroom-contract.js';
export type { ClassroomMethod };

export function isClassroomMethod(method: string): method is ClassroomMethod {
  return Object.hasOwn(classroomRequestSchemas, method);
}

export class ClassroomService {
  private view: InstructorView | null = null;
  private ensuring: Promise<void> | null = null;

  constructor(private readonly opts: { labDir: string; installsDir: string; hubDir?: string }) {
    // Joining is remembered per user: a face that asks about the classroom makes sure the agent runs.
    void this.ensureAgent();
  }

  /** The agent of a joined attendee runs (started again after a reboot); the lab never fails for it. */
  ensureAgent(): Promise<void> {
    // One look at a time: two at once would both find no agent and both start one (the second would end at once on the agent's lock).
    this.ensuring ??= ensureAgent()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => (this.ensuring = null));
    return this.ensuring;
  }

  private hubDir(): string {
    return this.opts.hubDir ?? defaultHubDir(this.opts.labDir);
  }

  private async instructorView(): Promise<ClassroomView | null> {
    const config = readHubConfig(this.hubDir());
    if (!config) return null;
    if (!this.view) {
      if (!(await hubRunning(this.hubDir()))) return { title: config.title, address: `${config.bind}:${config.port}`, joinLine: joinLine(config), rows: [], dropped: { malformed: 0, oversized: 0, 'future-version': 0 }, connected: false, reason: 'the hub is not running' };
      this.view = new InstructorView(config);
      this.view.start();
    }
    return this.view.view();
  }

  /** A request the lab has validated already (its one validation: lab.request / lab.answer). */
  async request<M extends ClassroomMethod>(method: M, validated: unknown): Promise<ClassroomRequestResults[M]> {
    const params = (validated ?? {}) as Record<string, unknown>;
    switch (method) {
      case 'classroom.view':
        return (await this.instructorView()) as ClassroomRequestResults[M];
      case 'classroom.membership':
        return (await membershipView()) as ClassroomRequestResults[M];
      case 'classroom.join': {
        const p = params as { hub: string; code: string; pin?: string; name?: string };
        await joinClassroom({ hub: p.hub, code: p.code, pin: p.pin ?? null, name: p.name ?? null, labDir: this.opts.labDir, installsDir: this.opts.installsDir });
        return (await membershipView()) as ClassroomRequestResults[M];
      }
      case 'classroom.leave':
        await leaveClassroom();
        return null as ClassroomRequestResults[M];
      case 'classroom.hand':
        await setHand((params as { raised: boolean }).raised);
        return (await membershipView()) as ClassroomRequestResults[M];
      case 'classroom.askDiagnostics': {
        const view = await this.instructorView();
        const config = readHubConfig(this.hubDir());
        if (!view || !config || !this.view) throw new LabError('BAD_REQUEST', 'This machine hosts no running classroom hub.', 'Start it with `amq-ha-lab classroom host`.');
        const { row, ask } = await askDiagnostics(config, view, (id) => this.view?.keyOf(id) ?? null, (params as { row: string }).row);
        return { row: row.id, name: row.event.name, ask } as ClassroomRequestResults[M];
      }
      case 'classroom.answerAsk':
        await answerInstructor((params as { accept: boolean }).accept);
        return (await membershipView()) as ClassroomRequestResults[M];
      default:
        throw new Error(`unknown classroom request ${String(method)}`);
    }
  }

  close(): void {
    this.view?.close();
    this.view = null;
  }
}

const services = new WeakMap<LabService, ClassroomService>();

/** The classroom beside a face's lab: one per lab service, for the lab dir it opened (the hub sits beside it). */
export function classroomOf(lab: LabService): ClassroomService {
  let service = services.get(lab);
  if (!service) {
    const { labDir, installsDir } = lab.snapshot();
    service = new ClassroomService({ labDir, installsDir });
    services.set(lab, service);
  }
  return service;
}
