import pg from 'pg';

export interface PostgresFacts {
  /** server_version, e.g. "16.4 (Debian 16.4-1.pgdg120+1)". */
  readonly version: string;
  /** Connections the server hands out to ordinary roles: max_connections − superuser_reserved_connections. */
  readonly usableConnections: number;
}

/**
 * Connects once to `url` and reads what the cluster summary prints: the server's version
 * and how many connections it accepts. Done before any gateway starts, so an unreachable
 * server is reported once, here, and not by every gateway.
 */
export async function probePostgres(url: string): Promise<PostgresFacts> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const setting = async (name: string): Promise<string> => {
      const result = await client.query<{ setting: string }>('select setting from pg_settings where name = $1', [name]);
      return result.rows[0]?.setting ?? '';
    };
    const version = await setting('server_version');
    const usableConnections = Number(await setting('max_connections')) - Number(await setting('superuser_reserved_connections'));
    return { version, usableConnections };
  } finally {
    await client.end();
  }
}
