export {
  claimJob,
  drainJobs,
  enqueueJob,
  getJob,
  JobCancelledError,
  type JobHandler,
  type JobRow,
  type JobRun,
  LeaseLostError,
  releaseOrphanedJobs,
  requestCancel,
  runJob,
  runJobNow,
  startJobWorker,
} from './jobs.queue.ts';
export { jobs } from './jobs.schema.ts';
export { runSweeps, type Sweep, scheduleSweeps } from './sweeps.ts';
