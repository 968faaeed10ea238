// One process per data directory: `mongod.lock` holds the owner's pid; a lock left by a dead pid is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { writePrivateFileSync } from './private-files';

export class DbPathLockedError extends Error {}

/** Directories this process holds, so a pid match can tell "ours, still open" from "an earlier life". */
const heldHere = new Set<string>();

function ownerAlive(pid: number): boolean {
  // After a container restart our own pid may equal the dead owner's: only our registry can tell.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A recycled pid now running something that is not node cannot be holding the store.
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

export function acquireLock(dir: string): () => void {
  const key = fs.realpathSync(dir);
  if (heldHere.has(key)) throw new DbPathLockedError(`data directory ${dir} is already open in this process`);
  const file = path.join(dir, 'mongod.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writePrivateFileSync(file, String(process.pid), 'wx');
      heldHere.add(key);
      return () => {
        heldHere.delete(key);
        fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && ownerAlive(pid)) {
      throw new DbPathLockedError(`data directory ${dir} is in use by process ${pid} (lock file ${file})`);
    }
    fs.rmSync(file, { force: true }); // stale: its owner is gone
  }
  throw new DbPathLockedError(`could not acquire ${file}`);
}
