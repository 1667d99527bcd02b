import type { Command } from 'commander';
import { registerDoctor } from './doctor.js';
import { registerSetup } from './setup.js';
import { registerLifecycle } from './lifecycle.js';
import { registerMessages } from './messages.js';
import { registerWorkshop } from './workshop.js';
import { registerServe } from './serve.js';
import { registerDiagnose } from './diagnose.js';
import { registerDownload } from './download.js';
import { registerSoak, registerTraffic } from './traffic.js';
import { registerLabs } from './labs.js';
import { registerConsumers } from './consumers.js';
import { registerWire } from './wire.js';
import { registerKit } from './kit.js';
import { registerClassroom } from './classroom.js';

export function registerCommands(program: Command): void {
  registerLabs(program);
  registerDoctor(program);
  registerSetup(program);
  registerLifecycle(program);
  registerMessages(program);
  registerWorkshop(program);
  registerServe(program);
  registerDiagnose(program);
  registerDownload(program);
  registerTraffic(program);
  registerSoak(program);
  registerConsumers(program);
  registerWire(program);
  registerKit(program);
  registerClassroom(program);
}
