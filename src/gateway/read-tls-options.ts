import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A certificate (PEM, optionally followed by its chain) and its unencrypted private key (PEM). */
export interface TlsOptions {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

const CERT_VAR = 'TLS_CERT_FILE';
const KEY_VAR = 'TLS_KEY_FILE';

/**
 * HTTPS for `npm start`: both TLS_CERT_FILE and TLS_KEY_FILE name PEM files → their
 * contents, checked (a certificate, a private key, and the key belongs to the
 * certificate); neither set → undefined (plain HTTP). Anything else throws an
 * error naming the variable and the file. Relative paths are resolved against `cwd`.
 */
export function readTlsOptions(env: Readonly<Record<string, string | undefined>>, cwd: string = process.cwd()): TlsOptions | undefined {
  const certPath = nonEmpty(env[CERT_VAR]);
  const keyPath = nonEmpty(env[KEY_VAR]);
  if (certPath === undefined && keyPath === undefined) return undefined;
  if (certPath === undefined || keyPath === undefined) {
    const [setVar, setPath, missingVar] = certPath === undefined ? [KEY_VAR, keyPath, CERT_VAR] : [CERT_VAR, certPath, KEY_VAR];
    throw new Error(`${setVar} is set ("${setPath}") but ${missingVar} is not: set both to serve HTTPS, or neither for plain HTTP`);
  }
  const certFile = resolve(cwd, certPath);
  const keyFile = resolve(cwd, keyPath);
  const cert = readNamed(CERT_VAR, certFile);
  const key = readNamed(KEY_VAR, keyFile);

  let certificate: X509Certificate;
  try {
    if (!cert.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate block');
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new Error(`${CERT_VAR}: "${certFile}" is not a PEM certificate (${reason(error)})`, { cause: error });
  }
  let privateKey: KeyObject;
  try {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.toString('latin1'))) throw new Error('no PEM private key block');
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new Error(`${KEY_VAR}: "${keyFile}" is not an unencrypted PEM private key (${reason(error)})`, { cause: error });
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error(`${KEY_VAR}: the key in "${keyFile}" does not belong to the certificate in "${certFile}" (${CERT_VAR})`);
  }
  return { cert, key };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readNamed(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`${variable}: cannot read "${file}" (${reason(error)})`, { cause: error });
  }
}

function reason(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
