import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePackage } from '../metadata/index.js';
import { loadPackageDir } from './packages/read-package-dir.js';

/**
 * Admin command for customization packages:
 *   npm run package -- validate <dir>
 *   npm run package -- publish <dir> --responsibility <id> [--gateway URL] [--user NAME]
 * The password comes from FIELDBOOK_PASSWORD (or --password), never from a file.
 * Exit codes: 0 done, 1 the package or the gateway refused, 2 wrong usage.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

const USAGE = [
  'usage: npm run package -- validate <dir>',
  '       npm run package -- publish <dir> --responsibility <id> [--gateway http://localhost:3000] [--user admin]',
  '       (password from FIELDBOOK_PASSWORD or --password)',
].join('\n');

export async function runPackageCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        responsibility: { type: 'string' },
        gateway: { type: 'string', default: io.env['FIELDBOOK_GATEWAY'] ?? 'http://localhost:3000' },
        user: { type: 'string', default: io.env['FIELDBOOK_USER'] ?? 'admin' },
        password: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [command, dir, ...extra] = parsed.positionals;
  if ((command !== 'validate' && command !== 'publish') || !dir || extra.length > 0) {
    io.err(USAGE);
    return 2;
  }
  let files;
  try {
    files = loadPackageDir(resolve(dir));
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const result = parsePackage(files);
  if (!result.ok) {
    io.err(`${dir}: ${result.problems.length} problem(s)`);
    for (const p of result.problems) io.err(`  ${p.file} ${p.path}: ${p.reason}`);
    return 1;
  }
  const pkg = result.package;
  if (command === 'validate') {
    io.out(
      `${dir}: valid package ${pkg.info.id} ${pkg.info.version} (${pkg.objects.length} object types, ${pkg.filters.presets.length} presets), hash ${pkg.hash.slice(0, 12)}…`,
    );
    return 0;
  }

  const responsibility = parsed.values.responsibility;
  const password = parsed.values.password ?? io.env['FIELDBOOK_PASSWORD'];
  if (!responsibility) {
    io.err(`publish needs --responsibility <id>\n${USAGE}`);
    return 2;
  }
  if (!password) {
    io.err('publish needs the password of the admin user in FIELDBOOK_PASSWORD (or --password)');
    return 2;
  }
  const gateway = parsed.values.gateway.replace(/\/+$/, '');
  try {
    const login = await post<{ sessionToken: string }>(gateway, 'Login', { userName: parsed.values.user, password });
    try {
      const published = await post<{ packageId: string; hashValue: string }>(
        gateway,
        'PublishPackage',
        { responsibilityId: responsibility, files },
        login.sessionToken,
      );
      io.out(`Published ${published.packageId} for ${responsibility} (hash ${published.hashValue.slice(0, 12)}…)`);
    } finally {
      await post(gateway, 'Logout', {}, login.sessionToken).catch(() => undefined);
    }
    return 0;
  } catch (error) {
    if (error instanceof GatewayRefusal) {
      io.err(`The gateway refused: ${error.code}: ${error.message}`);
      for (const p of error.problems) io.err(`  ${p.file} ${p.path}: ${p.reason}`);
    } else {
      io.err(`Could not reach the gateway at ${gateway}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  }
}

class GatewayRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problems: ReadonlyArray<{ file: string; path: string; reason: string }>,
  ) {
    super(message);
  }
}

async function post<T>(gateway: string, operation: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${gateway}/api/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as {
    error?: { code: string; message: string; details?: { problems?: Array<{ file: string; path: string; reason: string }> } };
  };
  if (answer.error) throw new GatewayRefusal(answer.error.code, answer.error.message, answer.error.details?.problems ?? []);
  return answer as T;
}

if (require.main === module) {
  runPackageCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
