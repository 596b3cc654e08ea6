// `npm run manifest -- --url https://host[:port] [--out path]`: writes manifest.xml with
// every URL moved to the gateway at that origin (default dist/manifest.xml), for a
// gateway that is not https://localhost:3000. Writes nothing when the URL is not an
// https origin or the result fails the structural checks.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../repo-root.js';
import { displayPath, userPath } from '../user-path.js';
import { manifestProblems } from './manifest-checks.js';
import { manifestOrigin } from './manifest-origin.js';
import { parseGatewayOrigin } from './parse-gateway-origin.js';
import { retargetManifest } from './retarget-manifest.js';

const USAGE = 'usage: npm run manifest -- --url https://host[:port] [--out path]   (default --out dist/manifest.xml)';
const SOURCE = path.join(REPO_ROOT, 'manifest.xml');

function main(): number {
  let values: { url?: string | undefined; out?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { url: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.url === undefined) {
    console.error(`--url is required: the gateway's origin, e.g. https://crm-gw.example.com\n${USAGE}`);
    return 2;
  }
  const target = parseGatewayOrigin(values.url);
  if (!target.ok) {
    console.error(`--url: ${target.reason}. Nothing written.`);
    return 2;
  }
  const out = values.out !== undefined ? userPath(values.out) : path.join(REPO_ROOT, 'dist', 'manifest.xml');
  const outName = displayPath(out);
  if (out === SOURCE) {
    console.error(`--out ${outName} is the manifest every generated one starts from: choose another path. Nothing written.`);
    return 2;
  }

  const source = fs.readFileSync(SOURCE, 'utf8');
  const xml = retargetManifest(source, target.origin);
  const problems = manifestProblems(xml, target.origin);
  if (problems.length > 0) {
    console.error(`The manifest for ${target.origin} would have ${problems.length} problem(s); nothing written:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    return 1;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, xml);
  console.log(`Wrote ${outName}: every URL of ${manifestOrigin(source)} now at ${target.origin}.`);
  console.log(
    `Check it: npm run validate -- --file ${outName}   (the gateway there needs a certificate for ${new URL(target.origin).hostname})`,
  );
  return 0;
}

process.exitCode = main();
