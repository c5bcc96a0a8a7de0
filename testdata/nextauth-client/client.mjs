// Drives the real next-auth/react client functions against a running
// gatehouse server, the way a browser app would, and prints one JSON object
// per step for client_compat_test.go to check.
//
// Usage: NEXTAUTH_URL=http://127.0.0.1:PORT/api/auth node client.mjs v5|v4 USER PASSWORD
//
// Node's fetch keeps no cookies, so a small cookie jar stands in for the
// browser's. Everything else is the client library's own code.

const [version, username, password] = process.argv.slice(2);
const base = process.env.NEXTAUTH_URL;
const origin = new URL(base).origin;

const jar = new Map();
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, opts = {}) => {
  const headers = new Headers(opts.headers || {});
  if (jar.size > 0) {
    headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
  }
  const res = await realFetch(url, { ...opts, headers, redirect: "manual" });
  for (const sc of res.headers.getSetCookie()) {
    const [pair, ...attrs] = sc.split(";");
    const i = pair.indexOf("=");
    const name = pair.slice(0, i).trim();
    const value = pair.slice(i + 1).trim();
    const maxAge = attrs.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith("max-age="));
    if (value === "" || (maxAge && Number(maxAge.slice(8)) <= 0)) jar.delete(name);
    else jar.set(name, value);
  }
  return res;
};

const client = version === "v4" ? (await import("next-auth-v4/react")).default ?? (await import("next-auth-v4/react")) : await import("next-auth/react");
const { getProviders, getCsrfToken, getSession, signIn, signOut } = client;

const out = (step, value) => console.log(JSON.stringify({ step, value: value === undefined ? null : value }));
const strip = (r) => (r ? { error: r.error ?? null, code: r.code ?? null, status: r.status, ok: r.ok, url: r.url ?? null } : r);

out("providers", await getProviders());
out("csrf", (await getCsrfToken()).length);
out("signInWrong", strip(await signIn("credentials", { redirect: false, username, password: password + "x", callbackUrl: origin + "/dash" })));
out("signIn", strip(await signIn("credentials", { redirect: false, username, password, callbackUrl: origin + "/dash" })));
out("session", await getSession());
// What useSession().update(data) sends: POST /session {csrfToken, data}
// (v4 passes the body inside "req").
const body = { csrfToken: await getCsrfToken(), data: { name: "Updated" } };
out("update", await getSession(version === "v4" ? { req: { body } } : { body }));
out("signOut", await signOut({ redirect: false, callbackUrl: origin + "/bye" }));
out("sessionAfter", await getSession());
if (version === "v4") {
  // next-auth 4's client reports its errors to POST {basePath}/_log through
  // its proxyLogger, in a browser only: give it a window and no
  // sendBeacon so that it posts with fetch, and keep its console quiet.
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const logger = require("./node_modules/next-auth-v4/utils/logger.js");
  logger.setLogger({ error() {}, warn() {}, debug() {} });
  globalThis.window ??= globalThis;
  if (!globalThis.navigator) globalThis.navigator = {};
  const clientLogger = logger.proxyLogger(logger.default, new URL(base).pathname);
  // proxyLogger builds the URL from the base path; fetch needs the origin.
  const relFetch = globalThis.fetch;
  globalThis.fetch = (url, opts) => relFetch(new URL(url, origin), opts);
  const res = await clientLogger.error("CLIENT_FETCH_ERROR", { url: "/api/auth/session", message: "gatehouse test report" });
  out("log", { status: res.status, body: await res.text() });
}
// The client's BroadcastChannel keeps Node's event loop alive.
process.exit(0);
