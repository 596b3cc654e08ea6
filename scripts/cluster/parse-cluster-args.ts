import { parseArgs } from 'node:util';

export const CLUSTER_USAGE =
  'usage: npm run cluster -- --gateways N [--port P]   (N from 1 to 32; P the first port, default PORT or 3000; DATABASE_URL to use your own PostgreSQL)';

/** The most gateways one command starts: each holds a pool of connections, and the machine's cores are shared. */
export const MAX_GATEWAYS = 32;
const DEFAULT_PORT = 3000;

export interface ClusterOptions {
  readonly gateways: number;
  /** The first gateway's port; gateway i (from 0) listens on port + i. */
  readonly port: number;
}

export type ClusterArgs =
  | { readonly kind: 'run'; readonly options: ClusterOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * The command line of `npm run cluster`, checked before anything starts. Pure: the
 * environment is a parameter (PORT, as for `npm start`, is the default first port).
 * Every refusal names the option, so a typo never starts a half-configured cluster.
 */
export function parseClusterArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>>): ClusterArgs {
  let values: { gateways?: string | undefined; port?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { gateways: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  if (values.gateways === undefined) return { kind: 'error', message: '--gateways is required: how many gateway processes to start' };
  const gateways = wholeNumber(values.gateways);
  if (gateways === null || gateways < 1 || gateways > MAX_GATEWAYS) {
    return { kind: 'error', message: `--gateways must be a whole number from 1 to ${MAX_GATEWAYS}, got "${values.gateways}"` };
  }
  const portText = values.port ?? env['PORT']?.trim();
  const source = values.port !== undefined ? '--port' : 'PORT';
  const port = portText === undefined || portText === '' ? DEFAULT_PORT : wholeNumber(portText);
  // Port 0 ("any free port", as npm start allows) has no consecutive ports to print.
  if (port === null || port < 1 || port > 65_535) {
    return { kind: 'error', message: `${source} must be a port number from 1 to 65535, got "${portText}"` };
  }
  if (port + gateways - 1 > 65_535) {
    return {
      kind: 'error',
      message: `${source} ${port} leaves no room for ${gateways} consecutive ports (the last would be ${port + gateways - 1})`,
    };
  }
  return { kind: 'run', options: { gateways, port } };
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}
