export { runSweeps, type Sweep, scheduleSweeps } from './sweeps.ts';
