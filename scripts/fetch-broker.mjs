#!/usr/bin/env node
// `npm run fetch-broker [-- <version>]`: puts apache-artemis-<version>-bin.zip into installs/
// from Maven Central (org.apache.activemq:apache-artemis:<version>:zip:bin), unless it is there.
// Default: 2.44.0, the newest 2.x verified on Maven Central that runs on Java 17.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_VERSION = '2.44.0';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const installs = path.join(repo, 'installs');
const version = process.argv[2] ?? DEFAULT_VERSION;

if (!/^\d+\.\d+\.\d+$/.test(version)) {
  console.error(`fetch-broker: "${version}" is not an Artemis version like ${DEFAULT_VERSION}.`);
  process.exit(2);
}
const zip = path.join(installs, `apache-artemis-${version}-bin.zip`);
if (existsSync(zip) && statSync(zip).size > 0) {
  console.log(`fetch-broker: ${path.relative(repo, zip)} is already there.`);
  process.exit(0);
}

const mvn = process.platform === 'win32' ? 'mvn.cmd' : 'mvn';
const artifact = `org.apache.activemq:apache-artemis:${version}:zip:bin`;
console.log(`fetch-broker: ${artifact} -> ${path.relative(repo, installs)}/ (via Maven)`);
const result = spawnSync(mvn, ['-q', '-B', 'dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${installs}`], {
  cwd: repo,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (result.error) {
  console.error(`fetch-broker: could not run Maven (${result.error.message}). Install it (dnf/apt/brew install maven), or download ${path.basename(zip)} from https://activemq.apache.org/components/artemis/download/ into installs/.`);
  process.exit(1);
}
if (result.status !== 0 || !existsSync(zip)) {
  console.error(`fetch-broker: Maven could not fetch ${artifact} (exit ${result.status}). Check the version exists on Maven Central, or download the zip by hand into installs/.`);
  process.exit(1);
}
console.log(`fetch-broker: ${path.relative(repo, zip)} ready (${(statSync(zip).size / 1024 / 1024).toFixed(1)} MB).`);
