// Runs the real-browser tests: starts `uti serve --demo` on a free port with
// a fresh database, runs every *.test.mjs here with Node's test runner
// against it (one file at a time, each with its own Chromium), then stops the
// server, also when a test fails. Builds nothing: scripts/test-browser.sh
// installs and builds what is needed first.
//
//   node run.mjs                 all test files
//   node run.mjs overview        only files whose name contains "overview"
//
// Environment: UTI_BIN (default $CARGO_TARGET_DIR/debug/uti, with
// CARGO_TARGET_DIR default /work/target), CHROMIUM_BIN (default /usr/bin/chromium).
// The test files get UTI_BASE_URL, UTI_TEST_DATABASE and the demo
// administrator the server reported (UTI_DEMO_USER, UTI_DEMO_PASSWORD).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, UTI_BIN, CHROMIUM_BIN } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

function fail(message) {
  console.error(`browser tests: FAIL: ${message}`);
  process.exit(1);
}

if (files.length === 0) fail(`no test files match ${JSON.stringify(filters)}`);
if (!existsSync(UTI_BIN)) fail(`uti binary not found at ${UTI_BIN} (build it with \`cargo build -p uti\`, or set UTI_BIN)`);
if (!existsSync(CHROMIUM_BIN)) fail(`Chromium not found at ${CHROMIUM_BIN} (scripts/test-browser.sh installs it; or set CHROMIUM_BIN)`);

const dir = mkdtempSync(join(tmpdir(), 'uti-browser-'));
let server = null;
let code = 1;
const cleanup = async () => {
  if (server) await server.stop();
  rmSync(dir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await cleanup();
    process.exit(130);
  });
}

try {
  const started = Date.now();
  server = await startServer({ bin: UTI_BIN, database: join(dir, 'uti.db') });
  console.log(`browser tests: uti serving ${server.url} (pid ${server.pid}, ${Date.now() - started} ms), ${files.length} test file(s)`);
  code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--test', '--test-concurrency=1', '--test-timeout=120000', '--test-reporter=spec', ...files],
      {
        cwd: here,
        stdio: 'inherit',
        env: {
          ...process.env,
          UTI_BASE_URL: server.url,
          UTI_TEST_DATABASE: server.database,
          // The demo administrator, for logging in (support.mjs's login helpers).
          UTI_DEMO_USER: server.demo?.name ?? '',
          UTI_DEMO_PASSWORD: server.demo?.password ?? '',
          UTI_BIN,
          CHROMIUM_BIN,
        },
      },
    );
    child.on('error', (e) => {
      console.error(`browser tests: cannot run node --test: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (code !== 0) {
    console.error('browser tests: server output:');
    console.error(server.log().replace(/^/gm, '  | '));
  }
} catch (e) {
  console.error(`browser tests: FAIL: ${e.stack || e.message}`);
  code = 1;
} finally {
  await cleanup();
}
console.log(`browser tests: ${code === 0 ? 'PASS' : 'FAIL'}`);
process.exit(code);
