/**
 * A DATABASE_URL fit to print: the password (and any `password=` query parameter)
 * removed, the rest as given, so the user can tell which server and database the
 * gateways use without the secret landing in a terminal log. Pure.
 */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: the gateway will refuse it by name; printing it could leak a secret.
    return '(DATABASE_URL is not a URL)';
  }
  parsed.password = '';
  parsed.searchParams.delete('password');
  return parsed.toString();
}
