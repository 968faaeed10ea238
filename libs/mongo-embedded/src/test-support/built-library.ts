// Specs that run the store in a child process (as `npm run db` does) run the built library: bring dist up to date
// first (a no-op after `npm test`'s build).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const libRoot = path.resolve(__dirname, '../..');

export function buildLibrary(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.lib.json'], { cwd: libRoot });
}
