// ATTENDEE.md: one page per OS, each complete on its own (an attendee reads only theirs): the
// exact line for Java 17 and Node.js, installing the app from the kit with no network, starting
// it, and what the first screen shows. The Java lines are the ones `amq-ha-lab doctor` gives.
import { javaFix, type OsFamily } from '../lab/host/os-family.js';

export interface GuideInput {
  version: string;
  tarball: string;
  zips: string[];
  /** Desktop installers in the kit (paths relative to it), and why there are none when there are none. */
  installers: string[];
  installersWhyNot: string | null;
}

interface OsPage {
  family: OsFamily;
  title: string;
  shell: string;
  node: string;
  kit: string;
  /** Installs the tarball; on Linux into ~/.local, so no sudo for npm. */
  install: string[];
  start: (zip: string) => string[];
  installer: RegExp;
}

/** macOS and Linux: the zip into ~/amq-ha-lab/installs, then serve from there. */
const posixStart = (zip: string): string[] => ['mkdir -p ~/amq-ha-lab/installs', `cp {kit}/${zip} ~/amq-ha-lab/installs/`, 'cd ~/amq-ha-lab', 'amq-ha-lab serve'];
/** Linux: into ~/.local, so npm needs no sudo. */
const LINUX_INSTALL = ['npm install -g --prefix ~/.local ./{tarball} --offline', 'export PATH="$HOME/.local/bin:$PATH"   (add it to ~/.bashrc too)'];

const PAGES: OsPage[] = [
  {
    family: 'macos',
    title: 'macOS',
    shell: 'Terminal',
    node: 'brew install node   (Node.js 20 or later; or the installer from nodejs.org)',
    kit: '/Volumes/<stick>/amq-ha-lab-kit',
    install: ['npm install -g ./{tarball} --offline'],
    start: posixStart,
    installer: /\.dmg$/,
  },
  {
    family: 'windows',
    title: 'Windows',
    shell: 'PowerShell',
    node: 'winget install OpenJS.NodeJS.LTS   (Node.js 20 or later; open a new PowerShell afterwards)',
    kit: 'E:\\amq-ha-lab-kit',
    install: ['npm install -g .\\{tarball} --offline'],
    start: (zip) => ['mkdir $HOME\\amq-ha-lab\\installs', `copy {kit}\\${zip} $HOME\\amq-ha-lab\\installs\\`, 'cd $HOME\\amq-ha-lab', 'amq-ha-lab serve'],
    installer: /\.exe$/,
  },
  {
    family: 'fedora',
    title: 'Fedora (and RHEL, Rocky, Alma)',
    shell: 'a terminal',
    node: 'sudo dnf install nodejs npm   (check: node --version says v20 or later)',
    kit: '/run/media/$USER/<stick>/amq-ha-lab-kit',
    install: LINUX_INSTALL,
    start: posixStart,
    installer: /\.(rpm|AppImage)$/,
  },
  {
    family: 'debian',
    title: 'Debian and Ubuntu',
    shell: 'a terminal',
    node: 'sudo apt install nodejs npm   (check: node --version says v20 or later; Debian 12 and Ubuntu 24.04 carry 18: take Node 20+ from nodejs.org instead)',
    kit: '/media/$USER/<stick>/amq-ha-lab-kit',
    install: LINUX_INSTALL,
    start: posixStart,
    installer: /\.(deb|AppImage)$/,
  },
];

/** A command line as the fix lines write it, `cmd   (then: …)`, split into what to paste and what to read. */
function splitNote(line: string): { cmd: string; note: string | null } {
  const m = /^(.*?)\s{3}\((.*)\)$/.exec(line);
  return m ? { cmd: m[1]!, note: m[2]! } : { cmd: line, note: null };
}

/** Commands in a block to paste; their notes after it, as text. */
function block(lines: string[]): string {
  const parts = lines.map(splitNote);
  const notes = parts.flatMap((p) => (p.note ? [`- \`${p.cmd}\`: ${p.note}`] : []));
  return [['```', ...parts.map((p) => p.cmd), '```'].join('\n'), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

function page(p: OsPage, input: GuideInput): string {
  const fill = (line: string) => line.replaceAll('{tarball}', input.tarball).replaceAll('{kit}', p.kit);
  const zip = input.zips[0] ?? 'apache-artemis-<version>-bin.zip';
  const installer = input.installers.find((f) => p.installer.test(f));
  return [
    `## ${p.title}`,
    '',
    `### 1. Before the workshop (needs the network): Java 17 and Node.js`,
    '',
    `In ${p.shell}:`,
    '',
    block([javaFix(p.family, 17), p.node]),
    '',
    `### 2. Install the app from the kit (no network needed)`,
    '',
    `Open ${p.shell} in the kit's folder (on the stick, e.g. \`${p.kit}\`):`,
    '',
    block(['node verify.mjs', ...p.install.map(fill)]),
    '',
    '`verify.mjs` checks every file of the kit against its SHA-512; it names any file that is damaged (copy the kit again).',
    ...(installer ? ['', `Or install the desktop app instead: \`${installer}\` in the kit (it brings its own runtime; Java is still needed).`] : []),
    '',
    `### 3. Start it`,
    '',
    block(p.start(zip).map(fill)),
    ...(input.zips.length > 1 ? ['', `The kit also has ${input.zips.slice(1).map((z) => `\`${z}\``).join(', ')}: copy the one your instructor names instead.`] : []),
    '',
    '`amq-ha-lab serve` prints a URL on 127.0.0.1 with a token and opens it in your browser (if it does not, open that URL yourself). Stop serving with Ctrl+C; the brokers keep running until `amq-ha-lab down`.',
    '',
    `### 4. What you see first`,
    '',
    'AMQ HA Lab in your browser: **Guided steps** on the left, starting with **Check prerequisites** (Java, memory, disk and the broker ports of this machine) and **Unpack the broker** (the zip you copied); the brokers of the lab on the right, not created yet. Click **Do it for me** on a step, or run its command yourself. **Labs** in the header opens the library of labs, to pick another. If a check is red, its line says the fix; `amq-ha-lab doctor` prints the same checks in the terminal.',
  ].join('\n');
}

function sentence(text: string): string {
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}

export function attendeeGuide(input: GuideInput): string {
  const intro = [
    `# AMQ HA Lab ${input.version}: for attendees`,
    '',
    'This kit installs the lab with no network: the app (`' + input.tarball + '`), the broker (' + input.zips.map((z) => `\`${z}\``).join(', ') + ') and checksums for every file.',
    'Only step 1 needs the network: do it before the workshop. Find your OS below; each section is complete on its own.',
    '',
    input.installers.length > 0
      ? `Desktop installers in the kit: ${input.installers.map((f) => `\`${f}\``).join(', ')}.`
      : `No desktop installers in this kit: ${sentence(input.installersWhyNot ?? 'none were made')} The app runs in your browser instead (step 3).`,
  ];
  // A page break between OSes when printed; a rule on screen.
  return `${[intro.join('\n'), ...PAGES.map((p) => page(p, input))].join('\n\n<div style="page-break-after: always"></div>\n\n---\n\n')}\n`;
}
