// The walls between the rooms, checked on every `npm run typecheck` (and so in CI): no import
// circles, the contract and lab data in shared/ depend on nothing else, the page never reaches
// the Node side, and the lab engine never touches Electron. Every face (CLI, desktop, serve, the
// benchmark) holds a LabService from electron/lab-service.ts and nothing else of the lab. Inside
// electron/lab/ each folder is one concern; the facade (lab.ts) sits on top and no room imports it;
// just under it, ops/ holds the lab's jobs (what a request does), and no other room imports ops/.
// The classroom stands on the lab, never under it: the lab is handed its classroom.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import circles make the load order matter.', from: {}, to: { circular: true } },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'shared/ is the contract and the labs as data: every face imports it, it imports no face.',
      from: { path: '^shared/' },
      to: { path: '^(electron|renderer|bench|scripts|tests)/' },
    },
    {
      name: 'page-is-not-node',
      severity: 'error',
      comment: 'The renderer talks to the lab through the contract only.',
      from: { path: '^renderer/' },
      to: { path: '^(electron|bench|scripts)/' },
    },
    {
      name: 'engine-without-electron',
      severity: 'error',
      comment: 'The lab engine runs in the CLI and serve mode too: plain Node.',
      from: { path: '^electron/(lab|cli|serve|shell)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'rooms-do-not-import-the-facade',
      severity: 'error',
      comment: 'electron/lab/lab.ts puts the rooms together; a room that imports it makes a circle-in-waiting.',
      from: { path: '^electron/lab/[^/]+/' },
      to: { path: '^electron/lab/lab\\.ts$' },
    },
    {
      name: 'the-jobs-sit-under-the-facade-only',
      severity: 'error',
      comment:
        "ops/ holds the lab's jobs (brokers, setup, messages, clients, wire, host, the handler table); they use the rooms below, and only the facade uses them: a lower room that reached up into a job would act on the lab behind the action lock's back.",
      from: { path: '^electron/lab/', pathNot: '^electron/lab/(lab\\.ts$|ops/)' },
      to: { path: '^electron/lab/ops/' },
    },
    {
      name: 'low-rooms-stay-low',
      severity: 'error',
      comment: 'Host checks, distribution and state files know nothing of running brokers, messages or stories.',
      from: { path: '^electron/lab/(host|distribution|state)/' },
      to: { path: '^electron/lab/(watching|messages|story|traffic|consumers|diagnostics|network|ops)/' },
    },
    {
      name: 'story-acts-through-the-lab',
      severity: 'error',
      comment: 'Steps act through the StoryLab interface, not by reaching into the rooms that do the work.',
      from: { path: '^electron/lab/story/' },
      to: { path: '^electron/lab/(host|distribution|instances|processes|messages|state|traffic|consumers|network|ops)/' },
    },
    {
      name: 'the-wire-is-machinery',
      severity: 'error',
      comment: 'The relay knows links and ports, not brokers, messages or stories: the lab wires it in, it reaches for nothing above it.',
      from: { path: '^electron/lab/network/' },
      to: { path: '^electron/lab/(story|watching|messages|traffic|consumers|instances|diagnostics|host|distribution|ops)/' },
    },
    {
      name: 'faces-hold-a-lab-service',
      severity: 'error',
      comment:
        'Desktop and serve open the lab through electron/lab-service.ts and then only request, snapshot, onSnapshot, onChange and close (answer for a page): every capability is a contract method, the same for every face.',
      from: { path: '^electron/(desktop|serve)/' },
      to: { path: '^electron/lab/' },
    },
    {
      name: 'the-bench-holds-a-lab-service',
      severity: 'error',
      comment:
        "The benchmark drives the lab through lab-service.ts like any face; beside it only its instruments, none of which holds the lab: a process's RSS or run file, a flood client, a console's Jolokia browse, and the seed's own `artemis create` for its baseline.",
      from: { path: '^bench/' },
      to: {
        path: '^electron/lab/',
        pathNot: '^electron/lab/(processes/process-utils|processes/pid-files|processes/broker-command|distribution/broker-version|distribution/zip-candidates|watching/jolokia|traffic/traffic-runner)\\.ts$',
      },
    },
    {
      name: 'the-cli-holds-a-lab-service',
      severity: 'error',
      comment: "The CLI is a face like the app: lab-service.ts and nothing else of the lab, but for the lab's own helper processes it hosts (`traffic run`, `consumers run`, `link run`).",
      from: { path: '^electron/cli/' },
      to: { path: '^electron/lab/', pathNot: '^electron/lab/helper-processes\\.ts$' },
    },
    {
      name: 'the-classroom-stands-on-the-lab',
      severity: 'error',
      comment: 'The classroom publishes and reads a lab; the lab is handed its classroom (LabOptions.classroom, by lab-service.ts) and imports none of it.',
      from: { path: '^electron/lab/' },
      to: { path: '^electron/classroom/' },
    },
    {
      name: 'desktop-is-not-serve',
      severity: 'error',
      comment: 'The Electron shell and serve mode are two faces side by side; what both need lives in the lab or electron/shell/.',
      from: { path: '^electron/desktop/' },
      to: { path: '^electron/serve/' },
    },
    {
      name: 'shells-use-the-facade',
      severity: 'error',
      comment: 'Serve mode and the Electron shell hold a LabService; they never reach into the rooms.',
      from: { path: '^electron/(serve|shell|desktop)/' },
      to: { path: '^electron/lab/[^/]+/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js'] },
  },
};
