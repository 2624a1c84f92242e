import { prepareInteractions } from './interactions.ts';

const r = await prepareInteractions(process.argv[2] as 'postgres' | 'pglite', {
  interactions: Number(process.argv[3] ?? 10_000_000),
  log: (m) => console.log(new Date().toISOString(), m),
});
console.log(r);
process.exit(0);
