// The layer rule of docs/architecture.md, as data. Floors inside server/src, lowest first:
//   core ← db ← infra ← realtime (the publisher half) ← routing (policy/ pure at its bottom) ← modules
//   ← the edges http/ and gateway/ ← main.ts, server.ts, worker-api.ts
// A floor imports only floors below it. test/unit/architecture-rules.test.ts proves these rules bite.
const S = '^server/src/';
const above = {
  core: ['db', 'infra', 'realtime', 'routing', 'modules', 'http', 'gateway'],
  db: ['infra', 'realtime', 'routing', 'modules', 'http', 'gateway'],
  infra: ['realtime', 'routing', 'modules', 'http', 'gateway'],
  realtime: ['routing', 'modules', 'http', 'gateway'],
  routing: ['modules', 'http', 'gateway'],
  modules: ['http', 'gateway'],
  http: ['gateway'],
  gateway: ['http'],
};
const top = `${S}(main|server|worker-api)\\.ts$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make the layers meaningless.',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(above).map(([floor, higher]) => ({
      name: `layer-${floor}`,
      severity: 'error',
      comment: `server/src/${floor} may import only floors below it (docs/architecture.md).`,
      from: { path: `${S}${floor}/` },
      to: { path: [`${S}(${higher.join('|')})/`, top] },
    })),
    {
      name: 'policy-is-pure',
      severity: 'error',
      comment: 'The routing policy is pure: it imports only core/ and itself, and no I/O library.',
      from: { path: `${S}routing/policy/` },
      to: {
        pathNot: [`${S}routing/policy/`, `${S}core/`, '^client-sdk/src/contract/', '^node_modules/zod/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'worker-through-worker-api',
      severity: 'error',
      comment: 'The worker uses the server only through server/src/worker-api.ts.',
      from: { path: '^worker/' },
      to: { path: S, pathNot: `${S}worker-api\\.ts$` },
    },
    {
      name: 'no-workspace-sources',
      severity: 'error',
      comment: "Another workspace's sources are reached through its package name, never a relative path.",
      from: { pathNot: '^client-sdk/' },
      to: {
        path: '^client-sdk/src/',
        dependencyTypesNot: ['aliased-workspace', 'aliased-subpath-import', 'npm', 'npm-dev'],
      },
    },
    {
      name: 'sdk-stands-alone',
      severity: 'error',
      comment: 'The client-sdk ships on its own: it imports nothing of ours outside itself.',
      from: { path: '^client-sdk/' },
      to: { path: '^(server|worker|console|load|test|scripts)/' },
    },
    {
      name: 'console-not-server',
      severity: 'error',
      comment: 'The console talks to the server only over the wire, through the client-sdk.',
      from: { path: '^console/src/' },
      to: { path: '^(server|worker|load|test|scripts)/' },
    },
    {
      name: 'console-feature-isolation',
      severity: 'error',
      comment: 'A console feature never imports another feature; features are composed in app/.',
      from: { path: '^console/src/features/([^/]+)/' },
      to: { path: '^console/src/features/', pathNot: '^console/src/features/$1/' },
    },
    {
      name: 'console-shared-below-features',
      severity: 'error',
      comment: 'Shared code (components, lib, utils) sits below features and app.',
      from: { path: '^console/src/(components|lib|utils|hooks)/' },
      to: { path: '^console/src/(features|app)/' },
    },
    {
      name: 'console-features-below-app',
      severity: 'error',
      comment: 'Features are composed by app/, never the reverse.',
      from: { path: '^console/src/features/' },
      to: { path: '^console/src/app/' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A source file nobody imports is dead or an entry point missing from this list.',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '(^|/)\\.[^/]+\\.(c|m)?js$',
          '\\.config\\.(t|j)s$',
          '\\.test\\.tsx?$',
          '\\.spec\\.tsx?$',
          '^server/src/(main|worker-api)\\.ts$',
          '^worker/src/main\\.ts$',
          '^scripts/',
          '^load/(bench/main|harness/main)\\.ts$',
          '^load/k6/',
          '^server/src/db/orm\\.config\\.ts$',
          '^test/support/',
          '^console/src/main\\.tsx$',
          '^eslint\\.config\\.js$',
        ],
      },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'k6 modules exist only inside the k6 runtime.',
      from: {},
      to: { couldNotResolve: true, pathNot: '^k6(/|$)' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: {
      path: ['(^|/)dist/', '^load/results/', '^test/fixtures/', '^console/(test-results|playwright-report)/'],
    },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['development', 'import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
