import type { Config } from '../config/types.js';
import { describeDatabase } from '../db/describe.js';
import { migrate } from '../db/migrate.js';
import { openDatabases } from '../db/open.js';

/** `percept migrate`: applies pending migrations, says what it did, closes. */
export const runMigrate = async (config: Config, print: (line: string) => void): Promise<void> => {
  const db = await openDatabases(config.database);
  try {
    const { applied, version } = await migrate(db.writer, {
      ...config.database,
      onApply: (name) => print(`percept migrate: applying ${name} …`),
    });
    const done = applied.length > 0 ? `applied ${applied.join(', ')}` : 'already up to date';
    print(`percept migrate: ${describeDatabase(config)} ${done}; schema version ${version}.`);
  } finally {
    await db.close();
  }
};
