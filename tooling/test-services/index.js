// Test-only services shared across test processes (turbo runs two packages' suites at once).
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(import.meta.dirname, 'secret-service.sh');

/** Why no test Secret Service can run here, or undefined when one can. */
export function secretServiceUnavailableReason() {
  for (const tool of ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (found.status !== 0) return `${tool} is not installed (apt-get install -y gnome-keyring dbus dbus-x11)`;
  }
  return undefined;
}

/**
 * Starts gnome-keyring on a private session bus, its keyring kept in `dir` (so a second start
 * with the same folder finds what the first stored). Resolves with the environment a process
 * needs to use it; `stop()` ends the bus and the daemon.
 */
export async function startTestSecretService({ dir, timeoutMs = 40_000 }) {
  await mkdir(dir, { recursive: true });
  const child = spawn('dbus-run-session', ['--', 'bash', script, dir], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The test Secret Service did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const match = /^READY (.+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The test Secret Service exited (${code}) before it was ready:\n${output}`));
    });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const forced = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

const lockDir = join(tmpdir(), 'forge-codex-login-port.lock');

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `task` while holding the machine-wide lock on Codex's sign-in callback port (127.0.0.1:1455,
 * fixed in codex 0.169.0). A second sign-in on that port cancels the first, so suites that start
 * ChatGPT sign-ins take turns, across processes. A lock left by a dead process is taken over.
 */
export async function withCodexLoginPort(task, { timeoutMs = 180_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''));
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Another test held Codex's sign-in port lock (${lockDir}) for ${timeoutMs} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await task();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
