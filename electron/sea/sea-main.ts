// The Linux single file's entry (Node's single executable application: one CommonJS script, no
// top-level await). The assets come out first; then the same CLI the package runs.
import './sea-assets.js';
import { runCli } from '../cli/run-cli.js';

void runCli(process.argv);
