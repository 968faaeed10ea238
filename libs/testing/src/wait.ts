// One freePort, waitFor and gatewayNodeFlags for the tests, the cluster scripts and the benchmark: the CommonJS
// helpers in scripts/cluster/processes.js (CommonJS so that the .mjs scripts and jest both load them; scripts/ is
// no Nx project, hence the one exception to the module-boundaries rule).
// eslint-disable-next-line @nx/enforce-module-boundaries
export { freePort, gatewayNodeFlags, waitFor } from '../../../scripts/cluster/processes';
