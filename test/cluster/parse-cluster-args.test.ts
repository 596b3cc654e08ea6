import { parseClusterArgs } from '../../scripts/cluster/parse-cluster-args.js';
import { redactDatabaseUrl } from '../../scripts/cluster/redact-database-url.js';

describe('parseClusterArgs', () => {
  // [command line, PORT, gateways, first port]
  const accepted: Array<[string[], string | undefined, number, number]> = [
    [['--gateways', '4'], undefined, 4, 3000],
    [['--gateways=1'], undefined, 1, 3000],
    [['--gateways', '32'], undefined, 32, 3000],
    [['--gateways', ' 2 '], undefined, 2, 3000],
    [['--gateways', '2'], '4000', 2, 4000],
    [['--gateways', '2', '--port', '5000'], '4000', 2, 5000],
    [['--gateways', '2'], '', 2, 3000],
    [['--port', '65534', '--gateways', '2'], undefined, 2, 65534],
  ];
  it.each(accepted)('accepts %j with PORT=%s: %i gateways from port %i', (args, port, gateways, first) => {
    expect(parseClusterArgs(args, { PORT: port })).toEqual({ kind: 'run', options: { gateways, port: first } });
  });

  it.each([[['--help']], [['-h']], [['--gateways', 'x', '--help']]])('%j asks for the usage', (args) => {
    expect(parseClusterArgs(args, {})).toEqual({ kind: 'help' });
  });

  // [command line, PORT, what the message must say]
  const refused: Array<[string[], string | undefined, RegExp]> = [
    [[], undefined, /--gateways is required/],
    [['--gateways', '0'], undefined, /--gateways must be a whole number from 1 to 32, got "0"/],
    [['--gateways', '33'], undefined, /--gateways must be .* got "33"/],
    [['--gateways', '2.5'], undefined, /--gateways must be .* got "2.5"/],
    [['--gateways=-1'], undefined, /--gateways must be .* got "-1"/],
    [['--gateways', '-1'], undefined, /'--gateways' argument is ambiguous/],
    [['--gateways', 'four'], undefined, /--gateways must be .* got "four"/],
    [['--gateways', ''], undefined, /--gateways must be .* got ""/],
    [['--gateways'], undefined, /--gateways/],
    [['--gateways', '2', '--port', '0'], undefined, /--port must be a port number from 1 to 65535, got "0"/],
    [['--gateways', '2', '--port', '70000'], undefined, /--port must be a port number/],
    [['--gateways', '2', '--port', 'http'], undefined, /--port must be a port number/],
    [['--gateways', '2'], 'abc', /^PORT must be a port number from 1 to 65535, got "abc"/],
    [['--gateways', '3', '--port', '65534'], undefined, /--port 65534 leaves no room for 3 consecutive ports/],
    [['--gateways', '2', '--replicas', '3'], undefined, /--replicas/],
    [['--gateways', '2', 'extra'], undefined, /extra/],
  ];
  it.each(refused)('refuses %j with PORT=%s', (args, port, message) => {
    const result = parseClusterArgs(args, { PORT: port });
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.message).toMatch(message);
  });
});

describe('redactDatabaseUrl', () => {
  // [DATABASE_URL, what may be printed]
  const cases: Array<[string, string]> = [
    ['postgres://postgres@127.0.0.1:5432/postgres', 'postgres://postgres@127.0.0.1:5432/postgres'],
    ['postgres://crm:s3cret@db.example.com:5432/fieldbook', 'postgres://crm@db.example.com:5432/fieldbook'],
    ['postgresql://crm:p%40ss@db/fieldbook?sslmode=require', 'postgresql://crm@db/fieldbook?sslmode=require'],
    ['postgres://db/fieldbook?user=crm&password=s3cret', 'postgres://db/fieldbook?user=crm'],
    ['not a url with s3cret', '(DATABASE_URL is not a URL)'],
  ];
  it.each(cases)('prints %s as %s', (url, printed) => {
    expect(redactDatabaseUrl(url)).toBe(printed);
    expect(redactDatabaseUrl(url)).not.toMatch(/s3cret|p%40ss/);
  });
});
