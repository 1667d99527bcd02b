// A lab.json as setup writes it, for unit tests that stand in for the brokers.
import fs from 'node:fs';
import path from 'node:path';
import type { LabConfig, NodeConfig } from '../../../shared/lab-state.js';

export type NodeFactory = (instance: string, offset: number) => NodeConfig;

export function fakeLabConfig(labDir: string, node: NodeFactory, createdAt = new Date().toISOString()): LabConfig {
  return {
    schema: 1,
    broker: { version: '2.44.0', home: path.join(labDir, 'home'), zip: 'x.zip', dialect: 'primary-backup' },
    javaHome: null,
    user: 'admin',
    password: 'admin',
    clusterUser: 'c',
    clusterPassword: 'c',
    heapMb: 512,
    journal: 'nio',
    nodes: { master: node('replicatedMaster', 0), backup: node('replicatedSlave', 100) },
    createdAt,
  };
}

/** Instances with a log dir whose Jolokia is unreachable (port 9, discard, is closed on loopback): the logs decide. */
export function logOnlyNodes(labDir: string): NodeFactory {
  return (instance, offset) => {
    const dir = path.join(labDir, 'home', 'instances', instance);
    fs.mkdirSync(path.join(dir, 'log'), { recursive: true });
    return { instance, dir, portOffset: offset, acceptorPort: 61616 + offset, consolePort: 9 };
  };
}
