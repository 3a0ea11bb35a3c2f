import type { RequestHandler } from 'express';
import { ValidationError } from './errors.js';

/** The names a browser on this machine uses for a loopback server. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** A host name or bracketed IPv6 address, then an optional port. */
const HOST_HEADER = /^(\[[^\]]*\]|[^:[\]]*)(?::\d*)?$/;

/** The host part of a Host header, lower case, without its port ("[::1]" keeps its brackets); the whole header when it is malformed. */
export function hostName(header: string): string {
  const host = header.trim().toLowerCase();
  return HOST_HEADER.exec(host)?.[1] ?? host;
}

/** Whether a request naming `header` as its Host may reach a loopback-bound API. */
export function isAllowedHost(header: string | undefined, publicHosts: readonly string[]): boolean {
  if (header === undefined) return false;
  const name = hostName(header);
  return LOOPBACK_NAMES.includes(name) || publicHosts.includes(name);
}

/**
 * DNS rebinding: a web page whose name an attacker re-points at 127.0.0.1 would reach a loopback API
 * as same-origin; its requests still name the attacker's host, so only known names get through.
 */
export function hostCheck(publicHosts: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('host');
    if (isAllowedHost(header, publicHosts)) return next();
    const shown = header === undefined ? 'missing' : JSON.stringify(header.slice(0, 100));
    next(
      new ValidationError([
        { field: 'Host', message: `${shown} is not a name this server answers to; list it in SYNCD_PUBLIC_HOSTS if it should be` },
      ]),
    );
  };
}
