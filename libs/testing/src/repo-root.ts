import { existsSync } from 'node:fs';
import path from 'node:path';

/** The workspace root: the nearest directory above this file holding nx.json. */
export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 20; i++) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`no nx.json above ${from}`);
}
