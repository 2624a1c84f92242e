import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { roles } from '../shared/common.ts';
import { createUserInput } from '../shared/users.ts';
import { ConfigError, loadConfig } from './config.ts';
import { type Database, DataDirLockedError, openDatabase } from './db/client.ts';
import { systemCtx } from './http/context.ts';
import { issuesToFieldErrors } from './http/errors.ts';
import { createApiKey, createUser, findUserByEmail } from './modules/users/index.ts';

/** `rapport <command>`: the same services as the API, acting as the system user. */
const program = new Command('rapport').description('Rapport CRM command line').showHelpAfterError();
// Logs go to stderr so that stdout carries only the command's output (e.g. the API key as the last line).
const log = pino({ level: 'warn', redact: ['*.password', '*.key'] }, pino.destination(2));

async function withDatabase<T>(
  fn: (database: Database, config: ReturnType<typeof loadConfig>) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config.database, log);
  try {
    await database.migrate();
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('Expected a whole number.');
  return n;
};

program
  .command('migrate')
  .description('Apply database migrations (also done by npm start)')
  .action(() => withDatabase(async (db) => console.log(`Migrations applied (${db.kind}).`)));

const user = program.command('user').description('Manage users');
user
  .command('create')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
  .option('--name <name>', 'display name', '')
  .description('Create a user')
  .action((opts: { email: string; password: string; role: string; name: string }) =>
    withDatabase(async (database, config) => {
      const parsed = createUserInput.safeParse({
        email: opts.email,
        password: opts.password,
        role: opts.role,
        name: opts.name,
      });
      if (!parsed.success) {
        for (const e of issuesToFieldErrors(parsed.error.issues)) console.error(`${e.path}: ${e.message}`);
        process.exitCode = 2;
        return;
      }
      const created = await createUser(systemCtx(database, config, log), parsed.data);
      console.log(`Created ${created.role} ${created.email} (${created.id})`);
    }),
  );

const apiKey = program.command('api-key').description('Manage API keys');
apiKey
  .command('create')
  .requiredOption('--email <email>', 'the user the key acts as')
  .requiredOption('--name <name>', 'what the key is for')
  .description('Create an API key; the key is printed once, as the last line')
  .action((opts: { email: string; name: string }) =>
    withDatabase(async (database, config) => {
      const u = await findUserByEmail(database.db, opts.email);
      if (!u) {
        console.error(`No user with e-mail ${opts.email}.`);
        process.exitCode = 2;
        return;
      }
      const created = await createApiKey(systemCtx(database, config, log), u.id, opts.name.slice(0, 100));
      console.log(`API key "${created.name}" for ${u.email} (shown once, store it now):`);
      console.log(created.key);
    }),
  );

program
  .command('demo')
  .description('Fill the database with realistic demo data')
  .option('--contacts <n>', 'number of contacts', positiveInt, 2000)
  .action((opts: { contacts: number }) =>
    withDatabase(async (database, config) => {
      const { generateDemo } = await import('./modules/demo/index.ts');
      await generateDemo(database, config, { contacts: opts.contacts, log: (m) => console.log(m) });
    }),
  );

program
  .command('backup <file>')
  .description('Write a portable backup (zip) of the whole database; see docs/BACKUP.md')
  .action(async (file: string) => {
    const { backupCommand } = await import('./modules/backup/index.ts');
    await backupCommand(file, loadConfig(), log, (m) => console.log(m));
  });

program
  .command('restore <file>')
  .description('Restore a backup into an empty database (PGlite or PostgreSQL); see docs/BACKUP.md')
  .option('--force', 'empty a database that holds data first (all or nothing)', false)
  .action(async (file: string, opts: { force: boolean }) => {
    const { restoreCommand } = await import('./modules/backup/index.ts');
    await restoreCommand(file, opts, loadConfig(), log, (m) => console.log(m));
  });

program
  .command('import <file>')
  .description('Import records from CSV, XLSX, vCard or JSON lines; see docs/IMPORTS.md')
  .requiredOption('--entity <entity>', 'contacts, companies, deals, products, orders or interactions')
  .option('--mapping <file>', 'a JSON mapping: [{"column":"E-mail","target":"email"}] or {"E-mail":"email"}')
  .option('--mode <mode>', 'create, update or upsert', 'create')
  .option(
    '--match <key>',
    'contacts: email, phone, externalId, custom.<unique field>; companies: name, domain, externalId; deals: title; products: sku; orders, interactions: externalId; none: no look-up',
  )
  .option('--duplicates <rule>', 'in create mode, a row matching a record: skip, update or create', 'skip')
  .option('--keep-valid-rows', 'import the valid rows even when others fail (default: all or nothing)', false)
  .option('--default-country <code>', 'ISO country for addresses and phone numbers without one')
  .option('--dry-run', 'report what would happen without writing anything', false)
  .action(
    (
      file: string,
      opts: {
        entity: string;
        mapping?: string;
        mode: string;
        match?: string;
        duplicates: string;
        keepValidRows: boolean;
        defaultCountry?: string;
        dryRun: boolean;
      },
    ) =>
      withDatabase(async (database, config) => {
        const { importFromCli } = await import('./modules/imports/index.ts');
        const { importEntities, importModes, duplicateRules } = await import('../shared/imports.ts');
        const oneOf = <T extends string>(name: string, v: string, list: readonly T[]): T => {
          if (!list.includes(v as T))
            throw new InvalidArgumentError(`--${name} expects one of ${list.join(', ')}`);
          return v as T;
        };
        const result = await importFromCli(
          database,
          config,
          log,
          systemCtx(database, config, log),
          {
            file,
            entity: oneOf('entity', opts.entity, importEntities),
            mapping: opts.mapping,
            mode: oneOf('mode', opts.mode, importModes),
            match: opts.match,
            duplicates: oneOf('duplicates', opts.duplicates, duplicateRules),
            keepValidRows: opts.keepValidRows,
            defaultCountry: opts.defaultCountry,
            dryRun: opts.dryRun,
          },
          (line) => console.log(line),
        );
        console.log(JSON.stringify(result.summary));
        if (!result.ok) process.exitCode = 1;
      }),
  );

program
  .command('export')
  .description('Export a list to a file (streams; no background job). See docs/EXPORTS.md')
  .requiredOption('--entity <entity>', 'contacts, companies, deals, orders, invoices, products or tasks')
  .requiredOption('--format <format>', 'csv, xlsx or vcf (contacts only)')
  .requiredOption('--out <file>', 'the file to write, or - for stdout')
  .option('--filter <json>', 'a filter tree, as the list API takes it')
  .option('--q <text>', 'a search, as the list API takes it')
  .option('--sort <fields>', 'e.g. -createdAt or lastName')
  .option('--columns <keys>', 'comma-separated column keys (default: the list’s usual columns)')
  .option('--language <lang>', 'headers in en, fr, de or da', 'en')
  .option('--time-zone <zone>', 'date-times as wall-clock time of this IANA zone', 'UTC')
  .action(
    (opts: {
      entity: string;
      format: string;
      out: string;
      filter?: string;
      q?: string;
      sort?: string;
      columns?: string;
      language: string;
      timeZone: string;
    }) =>
      withDatabase(async (database, config) => {
        const { runExportCommand } = await import('./modules/exports/index.ts');
        const code = await runExportCommand(systemCtx(database, config, log), opts);
        if (code) process.exitCode = code;
      }),
  );

const analytics = program
  .command('analytics')
  .description('Customer analytics models (docs/ANALYTICS.md); no database');
const analyticsInput = (cmd: Command) =>
  cmd
    .requiredOption('--input <file>', 'the input file')
    .requiredOption('--format <format>', 'summary, cdnow or orders')
    .option('--calibration-end <date>', 'YYYY-MM-DD (cdnow, orders; default: the last purchase)')
    .option('--unit <unit>', 'days or weeks (cdnow, orders; the unit of a summary)', 'weeks');
analyticsInput(analytics.command('fit').description('Fit a model; prints {"model","params","logLikelihood"}'))
  .requiredOption('--model <model>', 'bgnbd, pareto or ggamma')
  .action(
    async (opts: { input: string; format: string; calibrationEnd?: string; unit: string; model: string }) => {
      const { runAnalyticsFit } = await import('./modules/analytics/index.ts');
      console.log(runAnalyticsFit(opts));
    },
  );
analyticsInput(analytics.command('score').description('Score every customer; writes CSV'))
  .option('--model <model>', 'bgnbd or pareto', 'bgnbd')
  .option('--params <json>', 'use these parameters instead of fitting (the model’s and p, q, v)')
  .requiredOption('--horizon <periods>', 'in the input’s time unit')
  .option('--discount-rate <rate>', 'monthly discount rate for the CLV', '0.01')
  .option('--margin <rate>', 'margin rate applied to the expected value for the CLV', '1')
  .option('--out <file>', 'the file to write (default: standard output)')
  .action(
    async (opts: {
      input: string;
      format: string;
      calibrationEnd?: string;
      unit: string;
      model: string;
      params?: string;
      horizon: string;
      discountRate: string;
      margin: string;
      out?: string;
    }) => {
      const { runAnalyticsScore } = await import('./modules/analytics/index.ts');
      await runAnalyticsScore(opts);
    },
  );

analytics
  .command('rules')
  .description(
    'Association rules of baskets (one a line, items comma-separated), as arules apriori; writes CSV',
  )
  .requiredOption('--input <file>', 'the baskets file')
  .requiredOption('--min-support <fraction>', 'minimum support in (0, 1]; a set needs ⌈N × support⌉ baskets')
  .requiredOption('--min-confidence <fraction>', 'minimum confidence in (0, 1]')
  .option('--max-length <items>', 'most items in a rule, lhs + rhs (default 10)')
  .option('--min-length <items>', 'fewest items in a rule, lhs + rhs (default 1: rules with an empty lhs)')
  .option('--out <file>', 'the file to write (default: standard output)')
  .action(
    async (opts: {
      input: string;
      minSupport: string;
      minConfidence: string;
      maxLength?: string;
      minLength?: string;
      out?: string;
    }) => {
      const { runAnalyticsRules } = await import('./modules/analytics/index.ts');
      await runAnalyticsRules(opts);
    },
  );

program
  .command('bench')
  .description('Run the benchmark (see bench/README.md)')
  .allowUnknownOption(true)
  .allowExcessArguments(true)
  .action(async () => {
    const { runBench } = await import('../../bench/run.ts');
    await runBench(process.argv.slice(process.argv.indexOf('bench') + 1));
  });

program.parseAsync(process.argv).catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) console.error(err.message);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
