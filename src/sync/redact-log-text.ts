/** The longest text a log entry keeps: bounds each entry, so the entry cap bounds the log's size. */
export const LOG_TEXT_MAX = 300;

/**
 * A run of 24 or more base64url characters: a session token (43), an operation id
 * (`op-` + a UUID), a salt or hash. No word of the engine's messages is that long
 * ("DownloadMetadataFiles" has 21 letters); a ROW_ID (15) stays readable.
 */
const TOKEN_LIKE = /[A-Za-z0-9_-]{24,}/g;
/** The gateway's database ids (`DB-` + 22 characters): kept only as a short prefix, enough to tell two apart. */
const DATABASE_ID = /\bDB-([A-Za-z0-9_-]{4})[A-Za-z0-9_-]{4,}/g;
/** `scheme://user:password@host`: the part before `@` goes. */
const URL_USER_INFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/\s@]+@/g;
/** A query parameter that may carry a secret. */
const SECRET_PARAMETER = /([?&;](?:token|session|sessionToken|access_token|password|pwd|key|code)=)[^&\s#]+/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/**
 * Quoted text: where an error names a value it quotes it (`the value "BEACON AS"`).
 * A single quote counts only with no letter outside it, so "can't" and "company's" stay.
 */
const QUOTED = /"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])/g;

/**
 * The words of an error or notice as the sync log may keep them: no values, no
 * secrets. Field values appear in messages only quoted, so quoted text goes; secrets
 * and e-mail addresses are recognised by their form; a database id keeps a short
 * prefix. Then the text is cut to LOG_TEXT_MAX characters. Pure.
 */
export function redactLogText(text: string): string {
  const redacted = text
    .replace(URL_USER_INFO, '$1')
    .replace(SECRET_PARAMETER, '$1[redacted]')
    .replace(EMAIL, '[e-mail]')
    .replace(QUOTED, '"…"')
    .replace(DATABASE_ID, 'DB-$1…')
    .replace(TOKEN_LIKE, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return redacted.length > LOG_TEXT_MAX ? `${redacted.slice(0, LOG_TEXT_MAX - 1)}…` : redacted;
}
