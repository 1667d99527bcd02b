// One agent per user, whatever starts it: the agent holds a lock for its whole life. After a
// reboot the lock names a pid that is gone, or that now belongs to another program: taken over.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runningAgent, takeAgentLock } from '../../../electron/classroom/agent.js';
import { agentLockPath } from '../../../electron/classroom/membership.js';

const dirs: string[] = [];
const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) process.kill(pid, 'SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function configDir(holder?: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-lock-'));
  dirs.push(dir);
  if (holder !== undefined) fs.writeFileSync(agentLockPath(dir), JSON.stringify({ pid: holder, host: os.hostname(), face: 'classroom agent', action: 'publishing', since: '2026-01-01T00:00:00.000Z' }));
  return dir;
}

describe("the classroom agent's lock", () => {
  it('is refused while another agent holds it, and that agent is the one running', async () => {
    // A stand-in whose command line says "classroom agent", as the real one's does.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'classroom', 'agent'], { stdio: 'ignore' });
    children.push(child.pid!);
    const dir = configDir(child.pid!);
    expect(await takeAgentLock(dir)).toBeNull();
    expect(await runningAgent(dir)).toBe(child.pid);
  });

  it('is taken over from a pid that is gone, or that is now another program (after a reboot)', async () => {
    for (const holder of [2 ** 22 + 17, process.ppid]) {
      const dir = configDir(holder);
      expect(await runningAgent(dir)).toBeNull();
      const release = await takeAgentLock(dir);
      expect(release).not.toBeNull();
      expect(JSON.parse(fs.readFileSync(agentLockPath(dir), 'utf8')).pid).toBe(process.pid);
      release!();
      expect(fs.existsSync(agentLockPath(dir))).toBe(false);
    }
  });
});
