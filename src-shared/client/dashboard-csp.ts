// The dashboard's Content-Security-Policy, shared by the gateway's response header and the built
// index.html's <meta> (the only CSP a file:// page in Electron gets). No inline scripts or styles.

type Directives = Array<[string, string[]]>;

const BASE_DIRECTIVES: Directives = [
  ['default-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['font-src', ["'self'"]],
  ['manifest-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
];

// A file:// page has no gateway origin of its own, so it may reach a gateway on loopback only.
// Chromium rejects IPv6 literals in CSP sources (and logs an error), so [::1] is left out.
const LOOPBACK_CONNECT_SOURCES = ['http://127.0.0.1:*', 'ws://127.0.0.1:*', 'http://localhost:*', 'ws://localhost:*'];

// Host header values that are safe to echo into a header: names and IPv4 with an optional port.
// An IPv6 host gets 'self' alone, for the same Chromium reason.
const SAFE_HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;

function render(directives: Directives): string {
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** The CSP of the <meta> tag in the built index.html: same origin plus any loopback gateway. */
export function resolveDashboardMetaCsp(): string {
  return render([...BASE_DIRECTIVES, ['connect-src', ["'self'", ...LOOPBACK_CONNECT_SOURCES]]]);
}

/**
 * The CSP header the gateway sends with index.html: same origin only, plus the WebSocket URL of
 * `host` spelled out for browsers whose 'self' does not cover ws:; framing refused. An unsafe
 * or missing host leaves just 'self'.
 */
export function resolveDashboardHeaderCsp(host: string | undefined, secure = false): string {
  const connect = ["'self'"];
  if (host && SAFE_HOST.test(host)) connect.push(`${secure ? 'wss' : 'ws'}://${host}`);
  return render([...BASE_DIRECTIVES, ['connect-src', connect], ['frame-ancestors', ["'none'"]]]);
}
