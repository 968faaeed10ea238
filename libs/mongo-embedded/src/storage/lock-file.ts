// One process per data directory: `mongod.lock` holds the owner's pid; a lock left by a dead pid is taken over.
import fs from 'node:fs';
import path from 'node:path';

export class DbPathLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(dir: string): () => void {
  const file = path.join(dir, 'mongod.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      throw new DbPathLockedError(`data directory ${dir} is in use by process ${pid} (lock file ${file})`);
    }
    fs.rmSync(file, { force: true }); // stale: its owner is gone
  }
  throw new DbPathLockedError(`could not acquire ${file}`);
}
