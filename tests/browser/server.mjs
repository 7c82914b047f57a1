// Starting and stopping `uti serve` for the browser tests. Kept apart from
// support.mjs so that run.mjs can use it without loading node:test.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The uti binary: $UTI_BIN, else $CARGO_TARGET_DIR/debug/uti. */
export const UTI_BIN =
  process.env.UTI_BIN || join(process.env.CARGO_TARGET_DIR || '/work/target', 'debug', 'uti');

/** The Chromium to drive: $CHROMIUM_BIN, else Debian's /usr/bin/chromium. */
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/**
 * The demo administrator that `uti serve --demo` creates on first start, as
 * it reports it on stderr ("Demo-beheerder aangemaakt. Log in als: demo,
 * wachtwoord: XXXXX-XXXXX-XXXXX-XXXXX"; in English "Demo administrator
 * created. Log in as: demo, password: ..."): `{ name, password }`, or null
 * when `output` has no such line (a database that already had users).
 */
export function demoLoginFrom(output) {
  const m = output.match(/(?:Log in als|Log in as): ([^\s,]+), (?:wachtwoord|password): (\S+)/);
  return m ? { name: m[1], password: m[2] } : null;
}

/**
 * Starts `uti serve --demo` on a free port of 127.0.0.1 with the database
 * `database` and resolves, once /healthz answers, to
 * `{ url, database, demo, log(), stop() }`; `demo` is the demo administrator
 * (`{ name, password }`, see demoLoginFrom), null if none was created.
 * `stop()` ends the server (Ctrl-C, then SIGKILL after 5 s) and is safe to
 * call twice.
 */
export async function startServer({ bin = UTI_BIN, database, timeoutMs = 30_000 } = {}) {
  if (!existsSync(bin)) {
    throw new Error(`uti binary not found at ${bin}: build it with \`cargo build -p uti\` or set UTI_BIN`);
  }
  const env = { ...process.env };
  delete env.UTI_DATABASE_URL; // --database below decides
  const child = spawn(
    bin,
    ['--lang', 'nl', 'serve', '--demo', '--bind', '127.0.0.1:0', '--database', database],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let exited = null;
  const exitedPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  child.on('error', (e) => {
    output += `\n[spawn error] ${e.message}\n`;
  });
  // It reports "uti draait op http://127.0.0.1:PORT (...)" on stderr with
  // the port actually bound, also for :0.
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`uti serve did not report its address within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/(https?:\/\/[^\s)]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    exitedPromise.then(() => {
      clearTimeout(timer);
      reject(new Error(`uti serve exited early (${JSON.stringify(exited)}):\n${output}`));
    });
  });

  let stopping = null;
  const stop = () => {
    if (!stopping) {
      stopping = (async () => {
        if (exited) return;
        child.kill('SIGINT');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exitedPromise;
        clearTimeout(t);
      })();
    }
    return stopping;
  };
  // Never leave a server behind, whatever way this process ends.
  process.on('exit', () => {
    if (!exited) child.kill('SIGKILL');
  });

  try {
    await waitForHealth(url, timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\nserver output:\n${output}`);
  }
  // The demo administrator is reported before the address, so it is in by now.
  return { url, database, demo: demoLoginFrom(output), pid: child.pid, log: () => output, stop };
}

/** Waits until GET `${url}/healthz` answers 200. */
export async function waitForHealth(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) return;
      last = `status ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}/healthz not healthy within ${timeoutMs} ms (last: ${last})`);
}
