// One freePort, waitFor and gatewayNodeFlags for the tests, the cluster scripts and the benchmark: the CommonJS
// helpers in scripts/cluster/processes.js (CommonJS so that the .mjs scripts and jest both load them).
export { freePort, gatewayNodeFlags, waitFor } from '../../../scripts/cluster/processes';
