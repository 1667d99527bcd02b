// A broker's whole log as one text. Artemis's log4j2 config rolls log/artemis.log at midnight
// (renamed to artemis.log.YYYY-MM-DD, a new artemis.log begun), so a lab that runs across
// midnight has the first part of its story in the rolled file: read the rolled days in order,
// then today's.
import fs from 'node:fs';
import path from 'node:path';

const ROLLED = /^artemis\.log\.\d{4}-\d{2}-\d{2}$/;

/** The log files of one instance, oldest first; the current artemis.log last. */
export function brokerLogFiles(instance: string): string[] {
  const dir = path.join(instance, 'log');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const rolled = names.filter((n) => ROLLED.test(n)).sort();
  const current = names.includes('artemis.log') ? ['artemis.log'] : [];
  return [...rolled, ...current].map((n) => path.join(dir, n));
}

/** Every day's log of one instance, oldest first, or null when it has written none yet. */
export function readBrokerLog(instance: string): string | null {
  const files = brokerLogFiles(instance);
  if (files.length === 0) return null;
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('');
}

/**
 * The log's last `lines` lines at least, reading back a day at a time only as far as needed (the
 * rolled days are never deleted, so a lab kept for weeks has many); null when it has none.
 */
export function readBrokerLogTail(instance: string, lines: number): string | null {
  const files = brokerLogFiles(instance);
  if (files.length === 0) return null;
  const parts: string[] = [];
  let count = 0;
  for (const file of files.reverse()) {
    const text = fs.readFileSync(file, 'utf8');
    parts.unshift(text);
    count += text.split('\n').length - 1;
    if (count >= lines) break;
  }
  return parts.join('');
}
