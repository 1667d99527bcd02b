// npm and electron-builder as child processes, their output kept for the one line that says why
// they failed. npm is npm.cmd on Windows, which only a shell starts.
import { spawn } from 'node:child_process';

export interface ToolRun {
  code: number | null;
  stdout: string;
  /** stdout and stderr as they came. */
  output: string;
}

export function runTool(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, shell: process.platform === 'win32', stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, output }));
  });
}

export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
