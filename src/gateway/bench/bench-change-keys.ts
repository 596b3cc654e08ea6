import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeSoapResponse, encodeSoapRequest, type OperationName, type RequestOf, type ResponseOf } from '../../protocol/index.js';
import { startGateway } from '../start-gateway.js';

/**
 * `npm run bench`: GetChangeKeys throughput over real HTTP on a gateway seeded
 * with 100,000 records (change with --records), paging every object type with
 * the largest page, in both encodings; then QueryRecords throughput. Prints the
 * median of --runs runs. Speed targets are read from here, never asserted in tests.
 */
const OBJECT_TYPES = ['Account', 'Contact', 'Opportunity', 'Activity'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      'page-size': { type: 'string', default: '5000' },
    },
  });
  const records = Number(values.records);
  const runs = Number(values.runs);
  const pageSize = Number(values['page-size']);
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-'));
  const seedStart = performance.now();
  const gateway = await startGateway({ dataDir, port: 0, demoRecords: records });
  console.log(`Seeded ${records} records in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; gateway at ${gateway.url}`);
  try {
    for (const encoding of ['json', 'soap'] as const) {
      const call = caller(gateway.url, encoding);
      const { sessionToken } = await call('Login', { userName: 'admin', password: 'demo' }, undefined);
      const keyRates: number[] = [];
      const recordRates: number[] = [];
      let keysSeen = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const ids: Array<[string, string]> = [];
        for (const objectType of OBJECT_TYPES) {
          let pageToken: string | undefined;
          do {
            const page = await call('GetChangeKeys', { objectType, pageSize, ...(pageToken ? { pageToken } : {}) }, sessionToken);
            for (const k of page.keys) ids.push([objectType, k.rowId]);
            pageToken = page.nextPageToken;
          } while (pageToken);
        }
        const seconds = (performance.now() - started) / 1000;
        keysSeen = ids.length;
        keyRates.push(ids.length / seconds);

        // QueryRecords over a tenth of the keys, 500 ids a call, as an initial sync would fetch them.
        const sample = ids.filter((_, i) => i % 10 === 0);
        const qStarted = performance.now();
        for (const objectType of OBJECT_TYPES) {
          const rowIds = sample.filter(([t]) => t === objectType).map(([, id]) => id);
          for (let i = 0; i < rowIds.length; i += 500)
            await call('QueryRecords', { objectType, rowIds: rowIds.slice(i, i + 500) }, sessionToken);
        }
        recordRates.push(sample.length / ((performance.now() - qStarted) / 1000));
      }
      console.log(
        `${encoding.padEnd(4)}  GetChangeKeys: ${keysSeen} keys, median ${Math.round(median(keyRates)).toLocaleString('en-US')} keys/s ` +
          `(runs: ${keyRates.map((r) => Math.round(r)).join(', ')}); QueryRecords: median ${Math.round(median(recordRates)).toLocaleString('en-US')} records/s`,
      );
    }
  } finally {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function caller(baseUrl: string, encoding: 'json' | 'soap') {
  return async <N extends OperationName>(operation: N, request: RequestOf<N>, sessionToken: string | undefined): Promise<ResponseOf<N>> => {
    if (encoding === 'json') {
      const res = await fetch(`${baseUrl}/api/${operation}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(sessionToken ? { authorization: `Bearer ${sessionToken}` } : {}) },
        body: JSON.stringify(request),
      });
      if (!res.ok) throw new Error(`${operation} failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as ResponseOf<N>;
    }
    const res = await fetch(`${baseUrl}/soap`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"` },
      body: encodeSoapRequest(operation, request, sessionToken ? { sessionToken } : {}),
    });
    return decodeSoapResponse(operation, await res.text());
  };
}

main().catch((error: unknown) => {
  console.error('Benchmark failed:', error);
  process.exit(1);
});
