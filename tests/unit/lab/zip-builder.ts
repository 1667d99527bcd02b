// Writes small zip files byte by byte, so tests can make the malicious and broken ones that
// zip libraries refuse to produce (../ names, absolute paths, links pointing out).
import zlib from 'node:zlib';

export interface RawEntry {
  name: string;
  data?: string | Buffer;
  /** Unix mode, e.g. 0o100755 for a file, 0o120777 for a symlink (data = target). */
  mode?: number;
}

export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '', 'utf8');
    const crc = zlib.crc32(data);
    const isDir = entry.name.endsWith('/');
    const mode = entry.mode ?? (isDir ? 0o040755 : 0o100644);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A minimal but well-formed broker distribution layout. */
export function brokerEntries(top = 'apache-artemis-2.44.0', version = '2.44.0'): RawEntry[] {
  return [
    { name: `${top}/` },
    { name: `${top}/bin/` },
    { name: `${top}/bin/artemis`, data: '#!/bin/sh\necho artemis\n', mode: 0o100755 },
    { name: `${top}/lib/` },
    { name: `${top}/lib/artemis-server-${version}.jar`, data: 'jar' },
    { name: `${top}/lib/artemis-cli-${version}.jar`, data: 'jar' },
  ];
}
