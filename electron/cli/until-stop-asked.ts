// A detached helper process of the lab (traffic, pinned consumers) runs until a face asks it to
// stop through its stop file, the lab dir goes away (reset), or it gets a signal. A stop file
// rather than a signal: Windows has no SIGTERM a process can catch.
import fs from 'node:fs';
import { labJsonPath } from '../lab/instances/lab-layout.js';

export function untilStopAsked(labDir: string, stopAsked: (labDir: string) => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(timer);
      resolve();
    };
    const timer = setInterval(() => {
      if (stopAsked(labDir) || !fs.existsSync(labJsonPath(labDir))) stop();
    }, 200);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
