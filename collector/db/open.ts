import { wrapClient } from './client.js';
import { openEmbeddedClients } from './embedded.js';
import { openServerClients } from './server.js';
import type { DatabaseOptions, Databases } from './types.js';

const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Opens the writer and the reader: two connections to the same data, so
 * ingest inserts never wait behind dashboard queries. Without `url` they are
 * chDB connections on `<dataDir>/clickhouse`; with it, HTTP clients of that
 * server. The database is created when missing; tables are `migrate`'s job.
 */
export const openDatabases = async (options: DatabaseOptions): Promise<Databases> => {
  if (!DATABASE_NAME.test(options.database)) {
    throw new Error(`Database name ${JSON.stringify(options.database)} must be a plain identifier (letters, digits, _).`);
  }
  const cluster = options.cluster ? { cluster: options.cluster } : {};
  const [writer, reader] = options.url
    ? (await openServerClients(options, 2)).map((client) => wrapClient(client, { kind: 'server', ...cluster }))
    : (await openEmbeddedClients(options.dataDir, options.database, 2)).map(({ client, insert }) => wrapClient(client, { kind: 'embedded', insert }));
  // chDB keeps settings on the session: set once, readonly holds for every later statement of both connections.
  if (options.readonly && !options.url) await Promise.all([writer!.command('SET readonly = 2'), reader!.command('SET readonly = 2')]);
  return {
    writer: writer!,
    reader: reader!,
    close: async () => {
      const results = await Promise.allSettled([writer!.close(), reader!.close()]);
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
};
