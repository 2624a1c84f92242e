import { prepareBenchDb } from '/work/main/bench/generate.ts';

const kind = process.argv[2] as 'postgres' | 'pglite';
const r = await prepareBenchDb(kind, {
  contacts: 1_000_000,
  fresh: false,
  log: (m) => console.log(new Date().toISOString(), m),
});
console.log(r);
process.exit(0);
