import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiErrorBody } from './api-types.js';

export const TOKEN_COOKIE = 'assay_token';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A fresh token for a non-loopback bind: 32 random bytes, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

const denied = (message: string, hint: string): ApiErrorBody => ({ error: { code: 'API_UNAUTHORIZED', message, hint } });

/**
 * Guards `/api/*`. With a token, every call must carry it (`Authorization: Bearer`, the
 * cookie set by the first page load, or `?token=`). Without one the server is loopback-only,
 * so the Host must be a loopback name: that stops DNS-rebinding pages from reading the API.
 * Writes must be JSON from our own origin, which a cross-site form cannot send.
 */
export function apiGuard(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token !== undefined) {
      const given = bearer(c.req.header('authorization')) ?? getCookie(c, TOKEN_COOKIE) ?? c.req.query('token');
      if (!sameToken(given, token)) {
        return c.json(denied('This dashboard needs its access token.', 'Open the URL that `assay ui` printed (it ends in ?token=…), or send `Authorization: Bearer <token>`.'), 401);
      }
    } else {
      const hostname = new URL(c.req.url).hostname;
      if (!isLoopbackHost(hostname)) {
        return c.json(denied(`Requests for host "${hostname}" are refused: this server only answers on loopback.`, 'Open it as http://127.0.0.1:<port>/, or restart `assay ui --host <address>` to get a token.'), 403);
      }
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== new URL(c.req.url).origin) {
        return c.json(denied(`Cross-origin ${c.req.method} from ${origin} is refused.`, 'Use the dashboard itself or a script without an Origin header.'), 403);
      }
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
        return c.json({ error: { code: 'API_BAD_BODY', message: 'Send the body as JSON.', hint: 'Set `Content-Type: application/json`.' } } satisfies ApiErrorBody, 415);
      }
    }
    await next();
  };
}

/** Headers on every response: no framing, no sniffing, scripts and styles from our origin only. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
};
