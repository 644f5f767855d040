import { Request } from 'express';

export const API_JOBS_PATH = 'zstack/v1/api-jobs';

/** A host name or an IPv4 or bracketed IPv6 address, with an optional port: nothing else. */
const PLAIN_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

const MAX_PORT = 65535;

function isPlainHost(host: string): boolean {
  const match = PLAIN_HOST.exec(host);

  return match !== null && (match[1] === undefined || Number(match[1]) <= MAX_PORT);
}

/**
 * Where the job is polled, on the scheme and host the caller used. Express's
 * `protocol` and `host` read X-Forwarded-Proto and X-Forwarded-Host only when
 * TRUST_PROXY trusts the caller, and the Host header otherwise. The location
 * goes back to the caller that sent the host; still, a host that is not a plain
 * name or address (or none at all, as from HTTP/1.0) is not echoed: the
 * location is then the path alone.
 */
export function jobLocation(request: Request, jobUuid: string): string {
  const path = `/${API_JOBS_PATH}/${jobUuid}`;
  const host = request.host;

  return host && isPlainHost(host) ? `${request.protocol}://${host}${path}` : path;
}
