// The installable package's bundles: dist/pkg/index.mjs (ESM) and dist/pkg/index.cjs (CommonJS), with
// @switchboard/protocol's browser-safe half inlined (an integrator installs one package) and socket.io-client and
// linkifyjs left as dependencies. Types stay tsc's (dist/index.d.ts, with the protocol's declarations beside them).
import { build } from 'rolldown';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

for (const [format, file] of [
  ['esm', 'dist/pkg/index.mjs'],
  ['cjs', 'dist/pkg/index.cjs'],
]) {
  await build({
    input: here('../src/index.ts'),
    external: ['socket.io-client', 'linkifyjs'],
    resolve: { alias: { '@switchboard/protocol': here('../../protocol/src/index.ts') } },
    platform: 'neutral',
    output: { format, file: here(`../${file}`), sourcemap: true },
    logLevel: 'warn',
  });
}
