// The embedded store for a benchmark: scripts/db.mjs in its own process (--no-fsync: only reads are measured), and an
// insert that survives this shared machine pausing the processes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Starts the store on a free port over `dbPath`: `{ uri, stop }`, the uri naming database `db`, its process run with
 * `nodeFlags`. With `STORE_CPU_PROF=DIR` in the environment the store's process writes a CPU profile into DIR when
 * stopped.
 */
export function startEmbedded(dbPath, db, nodeFlags = []) {
  const profile = process.env.STORE_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.STORE_CPU_PROF)] : [];
  const child = spawn(
    process.execPath,
    [...nodeFlags, ...profile, path.join(ROOT, 'scripts/db.mjs'), '--port', '0', '--dbpath', dbPath, '--no-fsync'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const ready = /ready: (mongodb:\/\/\S+)/.exec(out);
      if (ready)
        resolve({
          uri: `${ready[1]}/${db}`,
          stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))),
        });
    });
    child.once('exit', (code) => reject(new Error(`store exited (${code})`)));
  });
}

/** Driver timeouts for a machine whose processes may be paused: nothing gives up for ten minutes. */
export const PATIENT = {
  serverSelectionTimeoutMS: 600_000,
  connectTimeoutMS: 600_000,
  socketTimeoutMS: 0,
  heartbeatFrequencyMS: 60_000,
};

/** An unordered insertMany, sent again after a network error; documents a first attempt stored come back as duplicates. */
export async function insertAll(collection, docs) {
  for (let attempt = 1; ; attempt++) {
    try {
      await collection.insertMany(docs, { ordered: false });
      return;
    } catch (error) {
      const onlyDuplicates =
        error?.writeErrors?.length > 0 && [error.writeErrors].flat().every((e) => e.code === 11000);
      if (onlyDuplicates) return;
      if (attempt >= 20) throw error;
      console.log(`  insert failed (${error?.message ?? error}); again`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** Rewrites the `<!-- name:start -->…<!-- name:end -->` section of a markdown file (appended when absent). */
export function replaceSection(text, name, section) {
  const markers = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
  const wrapped = `<!-- ${name}:start -->\n${section}\n<!-- ${name}:end -->`;
  return markers.test(text) ? text.replace(markers, wrapped) : `${text.trimEnd()}\n\n${wrapped}\n`;
}
