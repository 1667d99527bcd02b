// What each contract method does: the one place a request becomes the lab's work. Typed per
// method (params in, result out, progress told as it goes), so a handler cannot answer another
// method's result.
import type { LabService, RequestMethod, RequestParams, RequestProgress, RequestResult } from '../../../shared/contract.js';
import { LabError } from '../lab-error.js';
import { findBrokerZips } from '../distribution/zip-candidates.js';
import { importZip } from '../distribution/import-zip.js';
import type { StoryLab } from '../story/story-lab.js';
import { restartSteps, runStep, skipStep } from '../story/workshop.js';
import { runWorkshop } from '../story/workshop-run.js';
import { down, startBroker, stopBroker } from './brokers.js';
import { configure } from './configure.js';
import { startConsumers, stopConsumers } from './consumers.js';
import { diagnose, doctor, download } from './host.js';
import { chooseLab } from './lab-choice.js';
import { locate, send, verify } from './messages.js';
import type { ClassroomRequests, OpsLab } from './ops-lab.js';
import { ensureHaQueue } from './queues.js';
import { measureRoundTrips } from './round-trips.js';
import { reset, setup } from './setup.js';
import { runSoak, type SoakLab } from './soak.js';
import { startTraffic, stopTraffic } from './traffic.js';
import { up } from './up.js';
import { changeWire, startWireByHand, stopWireByHand, wireReport } from './wire.js';

export type RequestHandlers = {
  [M in RequestMethod]: (params: RequestParams<M>, progress: (progress: RequestProgress<M>) => void) => Promise<RequestResult<M>>;
};

/** The facade as the handlers use it: the jobs' lab, and the one a story or a soak runs on. */
export type HandlerLab = OpsLab & StoryLab & SoakLab & LabService;

export function requestHandlers(lab: HandlerLab): RequestHandlers {
  return {
    'lab.snapshot': () => lab.monitor.refresh(),
    'doctor.run': () => doctor(lab),
    'broker.zips': () => findBrokerZips(lab.options.installsDir),
    'broker.import': (p) => importZip(lab.options.installsDir, p.path),
    'broker.download': async (p, progress) => {
      const done = await download(lab, p.version, { via: p.via, onProgress: progress });
      return { ...done, zips: await findBrokerZips(lab.options.installsDir) };
    },
    'lab.setup': ({ zip, force, lab: id, ...extras }) => setup(lab, { zip, force, lab: id }, extras),
    'lab.choose': (p) => lab.exclusive('choose a lab', async () => chooseLab(lab, p.lab)),
    'lab.up': async (_p, progress) => {
      // Bringing the lab up is when a joined attendee comes back (after a reboot): the classroom sees it again.
      await lab.options.classroom?.(lab).ensureAgent();
      return (await up(lab, progress)).snapshot;
    },
    'lab.down': () => down(lab),
    'lab.reset': () => reset(lab),
    'broker.start': async (p) => ({ outcome: await startBroker(lab, p.broker, { ifRunning: p.ifRunning, wait: p.wait }), snapshot: lab.snapshot() }),
    'broker.stop': async (p) => ({ outcome: await stopBroker(lab, p.broker, { crash: p.crash }), snapshot: lab.snapshot() }),
    'messages.send': (p) => send(lab, p.count, { broker: p.broker, newRun: p.newRun }),
    'messages.verify': (p) => verify(lab, p.label, p.broker),
    'messages.locate': (p) => locate(lab, p.brokers, p.label),
    'messages.roundTrips': (p) => measureRoundTrips(lab, p.latencies, p.count, p.broker),
    'queue.ensure': () => ensureHaQueue(lab),
    'lab.configure': (p) => configure(lab, p.brokers, p.settings),
    'consumers.start': (p) => startConsumers(lab, p.brokers),
    'consumers.stop': (p) => stopConsumers(lab, p.brokers),
    'step.run': (p) => runStep(lab, p.id),
    'step.skip': (p) => lab.exclusive(`skip ${p.id}`, async () => skipStep(lab, p.id)),
    'steps.restart': () =>
      lab.exclusive('restart the story', async () => {
        restartSteps(lab);
        return lab.monitor.refresh();
      }),
    'lab.diagnose': (p) => diagnose(lab, p.out, p.hidePaths === true),
    'traffic.start': (p) => startTraffic(lab, p.rate),
    'traffic.stop': () => stopTraffic(lab),
    'traffic.soak': (p, progress) => runSoak(lab, { cycles: p.cycles, rate: p.rate, stops: p.stops, onLine: progress }),
    'workshop.run': (p, progress) => runWorkshop(lab, { crash: p.crash }, progress),
    'wire.change': ({ ends, ...change }) => changeWire(lab, ends ?? [], change),
    'wire.report': async (p) => wireReport(lab, p.ends ?? []),
    'wire.start': () => startWireByHand(lab),
    'wire.stop': () => stopWireByHand(lab),
    // The classroom is not part of the lab: it sits beside this lab dir (electron/classroom), given by the face.
    'classroom.view': (p) => classroom(lab).request('classroom.view', p),
    'classroom.membership': (p) => classroom(lab).request('classroom.membership', p),
    'classroom.join': (p) => classroom(lab).request('classroom.join', p),
    'classroom.leave': (p) => classroom(lab).request('classroom.leave', p),
    'classroom.hand': (p) => classroom(lab).request('classroom.hand', p),
    'classroom.askDiagnostics': (p) => classroom(lab).request('classroom.askDiagnostics', p),
    'classroom.answerAsk': (p) => classroom(lab).request('classroom.answerAsk', p),
  };
}

function classroom(lab: HandlerLab): ClassroomRequests {
  if (!lab.options.classroom) throw new LabError('BAD_REQUEST', 'This face has no classroom.');
  return lab.options.classroom(lab);
}
