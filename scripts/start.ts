// `npm start`: migrate, seed the demo account once, build the console when stale, run one server and one worker,
// print how to sign in.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../server/src/core/config.js';
import { checkServices, explainProblems } from '../server/src/infra/services-check.js';
import { prepareDatabase } from '../server/src/infra/prepare.js';
import { DEMO } from '../server/src/db/seed.js';
import { CONSOLE_DIST, ensureConsoleBuilt } from './console-build.js';

const env = { ...process.env };
// A development key for encrypting TOTP secrets, generated once and kept out of git (.data/ is ignored).
if (!env.SECRETS_KEY && env.NODE_ENV !== 'production') {
  const file = '.data/dev-secrets-key';
  mkdirSync('.data', { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  env.SECRETS_KEY = readFileSync(file, 'utf8').trim();
}

let config;
try {
  config = loadConfig(env);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}

const problems = await checkServices(config.DATABASE_URL, config.REDIS_URL);
if (problems.length) {
  console.error(explainProblems(problems));
  process.exit(1);
}

console.log('Preparing the database…');
const prepared = await prepareDatabase(config, { seed: config.SEED_DEMO });
if (prepared.created) console.log(`  created database ${new URL(config.DATABASE_URL).pathname.slice(1)}`);
console.log(prepared.applied.length ? `  applied ${prepared.applied.length} migration(s)` : '  migrations up to date');
if (prepared.seeded) console.log('  seeded the demo account');

// A CONSOLE_DIR of one's own is a build someone else made (a deployment's); only the repository's is ours to redo.
if (config.consoleDir !== CONSOLE_DIST) {
  console.log(`  serving the console from ${config.consoleDir} (CONSOLE_DIR); npm start does not build it`);
} else if (!ensureConsoleBuilt()) {
  console.error('The console did not build (see above). Fix the error, or set CONSOLE_DIR to a console build.');
  process.exit(1);
}

const children: ChildProcess[] = [];
let stopping = false;
function run(name: string, entry: string) {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', entry], {
    env,
    stdio: 'inherit',
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping Switchboard.`);
    stop(1);
  });
}

function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const exits = children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve()));
  void Promise.all(exits).then(() => process.exit(code));
}
// Ctrl-C reaches the children too (same process group); they close themselves, we wait for them.
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

run('server', 'server/src/main.ts');
run('worker', 'worker/src/main.ts');

const url = config.publicUrl;
for (let i = 0; i < 120 && !stopping; i++) {
  const ok = await fetch(`${url}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) {
    console.log(`
  Switchboard is running: open the console at ${url}/
    sign in     ${DEMO.owner}  /  ${DEMO.password}   (owner, Admin)
    other demo users (same password): admin@, operator@, developer@, manager@, service1@, service2@, sale1@, sale2@demo.switchboard.test
    inbound API key (x-api-key): ${DEMO.apiKey}   channel ${DEMO.channelPhone}
    health      ${url}/readyz     metrics ${url}/metrics     API ${url}/openapi.json
  Press Ctrl-C to stop.
`);
    break;
  }
  await new Promise((r) => setTimeout(r, 250));
}
