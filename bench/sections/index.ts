// Every benchmark section, in the order they run. To add one (e.g. the UI figures), write
// bench/sections/<name>.ts exporting a BenchSection and list it here.
import type { BenchSection } from '../types.js';
import { seedBaseline } from './seed-baseline.js';
import { hangTuned, hangUntuned } from './hang.js';
import { crashUntunedWorkshop, crashWorkshop, gracefulWorkshop } from './workshop.js';
import { uiEventToLight, uiFirstPaint } from './ui.js';
import { traffic } from './traffic.js';
import { labSections } from './labs.js';
import { overload } from './overload.js';
import { cli } from './cli.js';
import { classroom } from './classroom.js';

export const SECTIONS: BenchSection[] = [seedBaseline, gracefulWorkshop, crashWorkshop, crashUntunedWorkshop, uiFirstPaint, uiEventToLight, traffic, ...labSections, hangTuned, hangUntuned, overload, cli, classroom];
