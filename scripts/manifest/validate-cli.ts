// `npm run validate [-- --file path] [--url https://host[:port]] [--online]`: checks a
// manifest offline (office-addin-manifest's own reader, then the structural checks of
// manifest-checks.ts) and prints one "OK" line, or every problem and exits 1. With
// --online it also sends the manifest to Microsoft's validation service (what
// `office-addin-manifest validate` does), which needs the internet.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OfficeAddinManifest, validateManifest, type ManifestInfo, type ManifestValidationIssue } from 'office-addin-manifest';
import { REPO_ROOT } from '../repo-root.js';
import { displayPath, userPath } from '../user-path.js';
import { MANIFEST_CHECKS, manifestProblems } from './manifest-checks.js';
import { manifestOrigin } from './manifest-origin.js';
import { parseGatewayOrigin } from './parse-gateway-origin.js';

const USAGE = 'usage: npm run validate [-- --file path] [--url https://host[:port]] [--online]';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readInfo(file: string): Promise<ManifestInfo | string> {
  try {
    return await OfficeAddinManifest.readManifestFile(file);
  } catch (error) {
    return `office-addin-manifest cannot read it: ${messageOf(error)}`;
  }
}

/** The offline part: [] and a summary, or the problems. */
async function validateOffline(file: string, urlOption: string | undefined): Promise<{ problems: string[]; summary: string }> {
  let xml: string;
  try {
    xml = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [`cannot read the file: ${messageOf(error)}`], summary: '' };
  }
  const problems: string[] = [];
  const info = await readInfo(file);
  if (typeof info === 'string') problems.push(info);

  let origin: string | undefined;
  if (urlOption !== undefined) {
    const parsed = parseGatewayOrigin(urlOption);
    if (parsed.ok) origin = parsed.origin;
    else problems.push(`--url: ${parsed.reason}`);
  } else {
    origin = manifestOrigin(xml);
    if (origin === undefined) {
      problems.push('cannot tell its gateway origin: no ItemRead SourceLocation with an https URL (pass --url to say which it should be)');
    }
  }
  // Without an origin only well-formedness can be judged; the other checks need one.
  problems.push(...(origin !== undefined ? manifestProblems(xml, origin) : MANIFEST_CHECKS.checkWellFormed(xml, '')));

  const summary =
    typeof info === 'string'
      ? ''
      : `${info.displayName ?? '?'} ${info.version ?? '?'}, ${info.officeAppType ?? '?'}, every URL at ${origin}, ` +
        `${Object.keys(MANIFEST_CHECKS).length} checks`;
  return { problems, summary };
}

function describeIssue(kind: string, issue: ManifestValidationIssue): string {
  const where = issue.line !== undefined ? ` (line ${issue.line}${issue.column !== undefined ? `, column ${issue.column}` : ''})` : '';
  const help = issue.helpUrl ? ` ${issue.helpUrl}` : '';
  return `  ${kind}: ${[issue.title, issue.content].filter(Boolean).join(': ')}${where}${help}`;
}

/** Microsoft's validation service: prints its report; true when it accepts the manifest. */
async function validateOnline(file: string, name: string): Promise<boolean> {
  console.log(`${name}: sending it to Microsoft's validation service (office-addin-manifest validate)…`);
  try {
    const validation = await validateManifest(file);
    if (validation.status !== undefined && validation.status !== 200) {
      console.error(`${name}: the validation service answered HTTP ${validation.status} ${validation.statusText ?? ''}`.trimEnd());
      return false;
    }
    const report = validation.report;
    for (const issue of report?.errors ?? []) console.log(describeIssue('error', issue));
    for (const issue of report?.warnings ?? []) console.log(describeIssue('warning', issue));
    for (const issue of report?.notes ?? []) console.log(describeIssue('note', issue));
    const products = (report?.addInDetails?.supportedProducts ?? []).map((p) => [p.title, p.version].filter(Boolean).join(' '));
    if (validation.isValid) {
      console.log(`${name}: valid for Microsoft's validation service${products.length > 0 ? ` (supported: ${products.join(', ')})` : ''}`);
    } else {
      console.error(`${name}: NOT valid for Microsoft's validation service${report?.status ? ` (${report.status})` : ''}`);
    }
    return validation.isValid;
  } catch (error) {
    console.error(
      `${name}: Microsoft's validation service could not be used (it needs the internet):\n  ${messageOf(error).replace(/\n/g, '\n  ')}`,
    );
    return false;
  }
}

async function main(): Promise<number> {
  let values: { file?: string | undefined; url?: string | undefined; online?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { file: { type: 'string' }, url: { type: 'string' }, online: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${messageOf(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const file = values.file !== undefined ? userPath(values.file) : path.join(REPO_ROOT, 'manifest.xml');
  const name = displayPath(file);

  const { problems, summary } = await validateOffline(file, values.url);
  if (problems.length > 0) {
    console.error(`${name}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    // Multi-line messages (office-addin-manifest's parse errors) stay under their dash.
    for (const problem of problems) console.error(`  - ${problem.trim().replace(/\s*\n/g, '\n    ')}`);
  } else {
    console.log(`${name}: OK (${summary})`);
  }
  const onlineOk = values.online ? await validateOnline(file, name) : true;
  return problems.length === 0 && onlineOk ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
