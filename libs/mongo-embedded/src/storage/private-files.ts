// Owner-only modes for everything the store keeps on disk: the data directory 0700, its files 0600, whatever the
// process umask (a creation mode is only a ceiling the umask lowers further, so each file is chmod-ed once open).
// A directory or file left wider by an older version, or by a copy, is tightened when the store opens.
// Any storage engine of the store creates its files through these helpers.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (missing parents too, owner-only) and tightens it and every file and socket directly in it. */
export function preparePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    // Dirents do not follow symlinks: a link is left alone rather than chmod-ing whatever it points at.
    if (entry.isFile() || entry.isSocket()) tighten(path.join(dir, entry.name), PRIVATE_FILE_MODE);
  }
}

/** Sets `file` (a file or a socket) to 0600. */
export function makePrivate(file: string): void {
  tighten(file, PRIVATE_FILE_MODE);
}

/** `fs.openSync` that leaves the file 0600, whether it was just created or already existed. */
export function openPrivateSync(file: string, flags: string): number {
  const fd = fs.openSync(file, flags, PRIVATE_FILE_MODE);
  try {
    fs.fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return fd;
}

/** `fs.writeFileSync` for a 0600 file; `flag` as for writeFileSync ('w', or 'wx' to fail when it exists). */
export function writePrivateFileSync(file: string, data: string | Uint8Array, flag = 'w'): void {
  const fd = openPrivateSync(file, flag);
  try {
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

/** `fsp.open` that leaves the file 0600. */
export async function openPrivate(file: string, flags: string): Promise<fsp.FileHandle> {
  const handle = await fsp.open(file, flags, PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

function tighten(target: string, mode: number): void {
  if ((fs.statSync(target).mode & 0o777) !== mode) fs.chmodSync(target, mode);
}
