import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { AssayError } from '../core/errors.js';
import type { ApiErrorBody } from './api-types.js';

/** The least entropy a token given by hand must carry, in bits. */
export const MIN_TOKEN_BITS = 128;

const TOKEN_HINT =
  'Leave --token out to get a generated one, or pass at least 22 random characters (`openssl rand -base64 24`).';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A fresh token for a non-loopback bind: 32 random bytes, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Refuses an empty token and one with fewer than 128 bits, estimated generously as its length
 * times log2 of the alphabet its character classes span (a hex token needs 32 characters).
 */
export function checkToken(token: string): void {
  if (token.trim() === '') {
    throw new AssayError('SERVER_TOKEN_EMPTY', 'The access token is empty: every request would match it.', {
      hint: TOKEN_HINT,
    });
  }
  const classes: [RegExp, number][] = [
    [/[a-z]/, 26],
    [/[A-Z]/, 26],
    [/[0-9]/, 10],
    [/[^a-zA-Z0-9]/, 32],
  ];
  const alphabet = classes.reduce((sum, [re, size]) => sum + (re.test(token) ? size : 0), 0);
  const bits = Math.floor(token.length * Math.log2(alphabet));
  if (bits < MIN_TOKEN_BITS) {
    const message = `The access token carries about ${bits} bits; at least ${MIN_TOKEN_BITS} are required.`;
    throw new AssayError('SERVER_TOKEN_WEAK', message, {
      hint: TOKEN_HINT,
    });
  }
}

/**
 * The session cookie is named after the server's port, so two dashboards on one machine keep
 * their own, and holds an HMAC of the token, not the token: other servers on the same host
 * (cookies ignore ports) never see the printed token.
 */
function tokenCookie(c: Context, token: string): { name: string; value: string } {
  const url = new URL(c.req.url);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const value = createHmac('sha256', token).update(`assay-dashboard-cookie:${port}`).digest('base64url');
  return { name: `assay_token_${port}`, value };
}

/** Sets the session cookie after the first page load with `?token=`. */
export function setTokenCookie(c: Context, token: string): void {
  const { name, value } = tokenCookie(c, token);
  const secure = new URL(c.req.url).protocol === 'https:';
  setCookie(c, name, value, { httpOnly: true, sameSite: 'Strict', path: '/', secure });
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

const denied = (message: string, hint: string): ApiErrorBody => ({
  error: { code: 'API_UNAUTHORIZED', message, hint },
});

/**
 * Guards `/api/*`. With a token, every call must carry it (`Authorization: Bearer`, the
 * cookie set by the first page load, or `?token=`). Without one the server is loopback-only,
 * so the Host must be a loopback name: that stops DNS-rebinding pages from reading the API.
 * Writes must be JSON from our own origin, which a cross-site form cannot send.
 */
export function apiGuard(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token !== undefined) {
      const given = bearer(c.req.header('authorization')) ?? c.req.query('token');
      const cookie = tokenCookie(c, token);
      if (!sameToken(given, token) && !sameToken(getCookie(c, cookie.name), cookie.value)) {
        return c.json(
          denied(
            'This dashboard needs its access token.',
            'Open the URL that `assay ui` printed (it ends in ?token=…), or send `Authorization: Bearer <token>`.',
          ),
          401,
        );
      }
    } else {
      const hostname = new URL(c.req.url).hostname;
      if (!isLoopbackHost(hostname)) {
        return c.json(
          denied(
            `Requests for host "${hostname}" are refused: this server only answers on loopback.`,
            'Open it as http://127.0.0.1:<port>/, or restart `assay ui --host <address>` to get a token.',
          ),
          403,
        );
      }
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== new URL(c.req.url).origin) {
        return c.json(
          denied(
            `Cross-origin ${c.req.method} from ${origin} is refused.`,
            'Use the dashboard itself or a script without an Origin header.',
          ),
          403,
        );
      }
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
        return c.json(
          {
            error: {
              code: 'API_BAD_BODY',
              message: 'Send the body as JSON.',
              hint: 'Set `Content-Type: application/json`.',
            },
          } satisfies ApiErrorBody,
          415,
        );
      }
    }
    await next();
  };
}

/** Headers on every response: no framing, no sniffing, scripts and styles from our origin only. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  );
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
};
