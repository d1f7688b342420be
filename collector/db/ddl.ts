/**
 * Rewrites migration statements for a ClickHouse cluster.
 *
 * Every MergeTree-family table `x` becomes a replicated local table
 * `x_local` on each node plus a Distributed table `x` over them, so the
 * collector, the views and analysts keep using the plain names. Materialized
 * views read the local source and write the local target on each shard: a
 * row inserted through the Distributed table reaches a shard's `x_local`,
 * which fires the view there. schema_migrations is replicated to every node
 * (no shard in its path) and has no Distributed twin.
 *
 * It works on statements before placeholder substitution and relies on the
 * conventions stated at the top of schema/clickhouse/001-raw-tables.sql.
 */

const NAME = String.raw`\{\{database\}\}\.(\w+)`;
const CREATE_TABLE = new RegExp(String.raw`^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, 'i');
const CREATE_VIEW = new RegExp(String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, 'i');
const CREATE_MATERIALIZED = /^CREATE\s+MATERIALIZED\s+VIEW/i;
const CREATE_DATABASE = /^CREATE\s+DATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?[\w{}]+/i;
const ALTER_TABLE = new RegExp(String.raw`^ALTER\s+TABLE\s+${NAME}`, 'i');
const DROP = new RegExp(String.raw`^DROP\s+(?:TABLE|VIEW|DICTIONARY)\s+(?:IF\s+EXISTS\s+)?${NAME}`, 'i');
const ENGINE = /ENGINE\s*=\s*(MergeTree|AggregatingMergeTree|SummingMergeTree|ReplacingMergeTree|CollapsingMergeTree)\b(?:\s*\(([^)]*)\))?/i;
const COLUMN_CHANGE = /\b(?:ADD|DROP|MODIFY|RENAME|COMMENT)\s+COLUMN\b/i;
const CLUSTER_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** The table that records applied migrations: replicated everywhere, never distributed. */
export const MIGRATIONS_TABLE = 'schema_migrations';

/** Name of the per-node table behind the Distributed table `table`. */
export const localName = (table: string): string => `${table}_local`;

/** Names of the MergeTree-family tables the statements create: the ones that get a `_local` twin. */
export const replicatedTables = (statements: readonly string[]): Set<string> => {
  const names = new Set<string>();
  for (const statement of statements) {
    const table = CREATE_TABLE.exec(statement)?.[1];
    if (table && table !== MIGRATIONS_TABLE && ENGINE.test(statement)) names.add(table);
  }
  return names;
};

/**
 * Rewrites one statement for `cluster`: `ON CLUSTER` on every CREATE, ALTER
 * and DROP, Replicated engines, `_local` tables with Distributed tables over
 * them. `tables` is {@link replicatedTables} of every migration, so a view
 * created by a later migration still finds the local tables of an earlier one.
 * Returns the statements to run, in order.
 */
export const toClusterStatements = (statement: string, cluster: string, tables: ReadonlySet<string>): string[] => {
  if (!CLUSTER_NAME.test(cluster)) {
    throw new Error(`Cluster name ${JSON.stringify(cluster)} is not a plain ClickHouse identifier; check CLICKHOUSE_CLUSTER.`);
  }
  const on = `ON CLUSTER '${cluster}'`;
  const table = CREATE_TABLE.exec(statement);
  if (table) return createTable(statement, table, cluster, on);
  const view = CREATE_VIEW.exec(statement);
  if (view) {
    const body = insertAfter(statement, view, on);
    return [CREATE_MATERIALIZED.test(statement) ? toLocalReferences(body, tables) : body];
  }
  const alter = ALTER_TABLE.exec(statement);
  if (alter) {
    const name = alter[1]!;
    if (!tables.has(name)) return [insertAfter(statement, alter, on)];
    const local = insertAfter(renameAt(statement, alter, localName(name)), alter, on, localName(name));
    return COLUMN_CHANGE.test(statement) ? [local, insertAfter(statement, alter, on)] : [local];
  }
  const drop = DROP.exec(statement);
  if (drop) {
    const name = drop[1]!;
    const dropped = insertAfter(statement, drop, on);
    return tables.has(name) ? [dropped, insertAfter(renameAt(statement, drop, localName(name)), drop, on, localName(name))] : [dropped];
  }
  const database = CREATE_DATABASE.exec(statement);
  if (database) return [`${database[0]} ${on}${statement.slice(database[0].length)}`];
  return [statement];
};

const createTable = (statement: string, match: RegExpExecArray, cluster: string, on: string): string[] => {
  const name = match[1]!;
  const engine = ENGINE.exec(statement);
  if (!engine) return [insertAfter(statement, match, on)];
  const args = engine[2]?.trim();
  const replicated = (path: string) => `ENGINE = Replicated${engine[1]}('${path}', '{replica}'${args ? `, ${args}` : ''})`;
  if (name === MIGRATIONS_TABLE) {
    return [insertAfter(statement, match, on).replace(ENGINE, replicated(`/clickhouse/tables/{database}/${name}`))];
  }
  const local = localName(name);
  const localStatement = insertAfter(renameAt(statement, match, local), match, on, local).replace(
    ENGINE,
    replicated(`/clickhouse/tables/{shard}/{database}/${local}`),
  );
  // A session's rows stay on one shard, so per-session questions (paths, funnels) run locally.
  const shardingKey = /\bsession_id\s+String\b/.test(statement) ? 'cityHash64(session_id)' : 'rand()';
  const distributed =
    `CREATE TABLE IF NOT EXISTS {{database}}.${name} ${on} AS {{database}}.${local}\n` +
    `ENGINE = Distributed('${cluster}', '{{database}}', '${local}', ${shardingKey})`;
  return [localStatement, distributed];
};

/** Replaces the table name captured by `match` with `name`. */
const renameAt = (statement: string, match: RegExpExecArray, name: string): string =>
  statement.slice(0, match[0].length - match[1]!.length) + name + statement.slice(match[0].length);

/** Inserts `text` after the statement head `match` (whose name may have been renamed to `name`). */
const insertAfter = (statement: string, match: RegExpExecArray, text: string, name = match[1]!): string => {
  const end = match[0].length - match[1]!.length + name.length;
  return `${statement.slice(0, end)} ${text}${statement.slice(end)}`;
};

/** Points a materialized view's `TO` target and `FROM` sources at the local tables. */
const toLocalReferences = (statement: string, tables: ReadonlySet<string>): string => {
  const head = CREATE_VIEW.exec(statement)![0];
  const rest = statement
    .slice(head.length)
    .replace(new RegExp(NAME, 'g'), (whole, name: string) => (tables.has(name) ? `{{database}}.${localName(name)}` : whole));
  return head + rest;
};
