export { openDatabases } from './open.js';
export { migrate } from './migrate.js';
export type { MigrateOptions, MigrateResult } from './migrate.js';
export { loadMigrations } from './migrations.js';
export type { Migration } from './migrations.js';
export { localName, replicatedTables, toClusterStatements } from './ddl.js';
export { DatabaseError } from './database-error.js';
export type { Database, DatabaseOptions, Databases } from './types.js';
