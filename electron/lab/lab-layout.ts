// Where things live in a lab dir. Layout as in the seed: the unpacked distribution is
// <labDir>/<zip's top folder>/ (ARTEMIS_HOME) and the instances sit in its instances/ folder.
// A lab dir with non-ASCII letters keeps the instances there but ARTEMIS_HOME elsewhere
// (ascii-home.ts); lab.json's broker.home and nodes[].dir are the truth, not these helpers.
import path from 'node:path';
import { INSTANCE_NAMES, type NodeName } from '../../shared/lab-state.js';

export const LAB_JSON = 'lab.json';

export function labJsonPath(labDir: string): string {
  return path.join(labDir, LAB_JSON);
}

export function brokerHome(labDir: string, topFolder: string): string {
  return path.join(labDir, topFolder);
}

export function instanceDir(home: string, node: NodeName): string {
  return path.join(home, 'instances', INSTANCE_NAMES[node]);
}

export function instanceFiles(instance: string) {
  return {
    brokerXml: path.join(instance, 'etc', 'broker.xml'),
    bootstrapXml: path.join(instance, 'etc', 'bootstrap.xml'),
    jolokiaAccessXml: path.join(instance, 'etc', 'jolokia-access.xml'),
    profile: path.join(instance, 'etc', 'artemis.profile'),
    profileCmd: path.join(instance, 'etc', 'artemis.profile.cmd'),
    log: path.join(instance, 'log', 'artemis.log'),
    dataDir: path.join(instance, 'data'),
  };
}

export const BASE_ACCEPTOR_PORT = 61616;
export const BASE_CONSOLE_PORT = 8161;
/** The backup's offset on top of the lab's, as in the seed (61716 / 8261). */
export const BACKUP_EXTRA_OFFSET = 100;

export function nodeOffset(labOffset: number, node: NodeName): number {
  return node === 'master' ? labOffset : labOffset + BACKUP_EXTRA_OFFSET;
}

export function nodePorts(labOffset: number, node: NodeName): { acceptor: number; console: number } {
  const offset = nodeOffset(labOffset, node);
  return { acceptor: BASE_ACCEPTOR_PORT + offset, console: BASE_CONSOLE_PORT + offset };
}
