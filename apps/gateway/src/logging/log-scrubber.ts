/**
 * The last line of defence for secrets in logs: applied to every serialized JSON line just before it is
 * written, so it also covers nested objects, error messages and stacks, whoever logged them.
 */

// Keys whose string values are never logged (any key containing one of these words, e.g. `accessToken`).
const SECRET_KEY = String.raw`[A-Za-z0-9_-]*(?:authorization|cookie|password|passwd|secret|token|visitorid|userhash|signature)[A-Za-z0-9_-]*`;
// "key":"value" in the line itself, and \"key\":\"value\" inside a string that holds JSON.
const KEYED_VALUE = new RegExp(String.raw`"(${SECRET_KEY})"\s*:\s*"(?:[^"\\]|\\.)*"`, 'gi');
const ESCAPED_KEYED_VALUE = new RegExp(String.raw`\\"(${SECRET_KEY})\\"\s*:\s*\\"(?:[^"\\]|\\[^"])*?\\"`, 'gi');
// Query parameters in URLs anywhere in the line (`?token=…`, signed-URL signatures).
const SECRET_PARAM = /([?&](?:token|access_token|sig|signature|visitorid|userhash|password)=)[^&#\s"\\]*/gi;
const BEARER = /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
// user:password@ in connection strings
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@"\\]+:)[^\s@/"\\]+@/gi;

// Any of the above could be in the line: most lines (request lines, socket events) have none and skip the rest.
const MAYBE_SECRET = /authorization|cookie|passw|secret|token|visitorid|userhash|signature|sig=|bearer|eyJ|:\/\/[^\s/"@]*@/i;

export const REDACTED = '[redacted]';

export function scrubSecrets(line: string): string {
  if (!MAYBE_SECRET.test(line)) return line;
  return line
    .replace(KEYED_VALUE, `"$1":"${REDACTED}"`)
    .replace(ESCAPED_KEYED_VALUE, `\\"$1\\":\\"${REDACTED}\\"`)
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}
