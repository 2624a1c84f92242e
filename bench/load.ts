import autocannon from 'autocannon';

/**
 * GET-by-id throughput, run in its own process (forked by run.ts) so the load generator does not share
 * the server's event loop. Receives its settings over IPC and answers with autocannon's result.
 */
type Job = { url: string; key: string; ids: string[]; connections: number; duration: number; path?: string };

process.once('message', async (job: Job) => {
  let i = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    headers: { authorization: `Bearer ${job.key}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({
          ...req,
          path: job.path ?? `/api/v1/contacts/${job.ids[i++ % job.ids.length]}`,
        }),
      },
    ],
  });
  process.send?.(result, undefined, {}, () => process.exit(0));
});
