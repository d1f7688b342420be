import type { Config } from '../config/types.js';
import { describeDatabase } from '../db/describe.js';
import { migrate } from '../db/migrate.js';
import { openDatabases } from '../db/open.js';
import type { Database } from '../db/types.js';
import { DEMO_PLAN, releaseOfDay, seedHistory } from '../seed/history.js';
import { progressBar } from './progress.js';

export interface SeedOptions {
  app: string;
  days: number;
}

/** Yesterday, UTC: seeded history ends before today, so it never lies in the future. */
const yesterday = (): string => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Seeds `options.app` through an open database, with a progress bar on stderr. */
export const seedInto = async (db: Database, config: Config, options: SeedOptions, print: (line: string) => void): Promise<void> => {
  if (!config.apps.has(options.app)) {
    throw new Error(
      `There is no app "${options.app}" in the configuration (apps: ${[...config.apps.keys()].join(', ') || 'none'}). Seed an app the collector knows, e.g. --app demo.`,
    );
  }
  const plan = { ...DEMO_PLAN(yesterday(), options.days, options.app), database: config.database.database };
  const bar = progressBar(process.stderr, `seeding ${options.app}`);
  const started = Date.now();
  const { pageViews } = await seedHistory(db, plan, ({ day, days, pageViews: views }) => bar.update(day, days, `${views.toLocaleString('en')} page views`));
  const releases = [...new Set(Array.from({ length: plan.days }, (_, day) => releaseOfDay(plan, day)))];
  const regression = releases.includes(plan.regression.release)
    ? `; release ${plan.regression.release} is slower on ${plan.regression.route} and in ${plan.regression.workflow}`
    : '';
  bar.done(
    `Seeded ${options.days} days of history for "${options.app}" (${pageViews.toLocaleString('en')} page views, releases ${releases.join(', ')}${regression}) ` +
      `in ${((Date.now() - started) / 1000).toFixed(0)} s. Rows carry env "${plan.env}".`,
  );
  print(`  filter them out with env != '${plan.env}', or look at them with env=${plan.env} in the API and dashboard.`);
};

/** `percept seed`: opens the database itself, migrates, seeds, closes. */
export const runSeed = async (config: Config, options: SeedOptions, print: (line: string) => void): Promise<void> => {
  let dbs;
  try {
    dbs = await openDatabases(config.database);
  } catch (error) {
    if (!config.database.url && /lock/i.test((error as Error).message)) {
      throw new Error(
        `A running collector holds ${describeDatabase(config)}. Stop it and run \`percept seed\` again, or restart it with \`npm start -- --seed\`, which seeds before it listens.`,
      );
    }
    throw error;
  }
  try {
    await migrate(dbs.writer, config.database);
    await seedInto(dbs.writer, config, options, print);
  } finally {
    await dbs.close();
  }
};
