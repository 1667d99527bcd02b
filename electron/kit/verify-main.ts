// The kit's own verify.mjs (built from this file): `node verify.mjs` in the kit folder, before the
// app is installed. Exit 0 when every checksum matches, 1 naming each file that does not.
import path from 'node:path';
import { verificationReport, verifyKit } from './verify.js';

const dir = path.resolve(process.argv[2] ?? import.meta.dirname);
const result = await verifyKit(dir);
process.stdout.write(verificationReport(result, dir));
process.exitCode = result.ok ? 0 : 1;
