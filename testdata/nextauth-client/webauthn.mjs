// Drives the real next-auth/webauthn client (signIn("passkey") with
// @simplewebauthn/browser) against a running gatehouse server and prints one
// JSON object per step for providers/passkey's client test to check.
//
// Usage: NEXTAUTH_URL=http://localhost:PORT/api/auth AUTHENTICATOR_URL=http://127.0.0.1:PORT2 node webauthn.mjs EMAIL
//
// Node has no browser, so this file stands in for the parts a browser
// provides: a cookie jar, window.location, and navigator.credentials, whose
// create/get hand the options to a software authenticator run by the Go
// test (AUTHENTICATOR_URL) and turn its JSON answer into the credential
// object a browser returns. Everything else is the client libraries' code.

const [email] = process.argv.slice(2);
const base = process.env.NEXTAUTH_URL;
const origin = new URL(base).origin;

const jar = new Map();
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, opts = {}) => {
  url = new URL(url, origin); // relative URLs, as a page at origin resolves them
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

// The browser: window.location and the WebAuthn API.
globalThis.window = globalThis;
window.location = { href: origin + "/", hostname: new URL(origin).hostname, reload() {} };
const toB64url = (b) => Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString("base64url");
const toBuffer = (s) => {
  const b = Buffer.from(s, "base64url");
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
};
const binary = (_, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? toB64url(v) : v);
async function authenticator(ceremony, publicKey) {
  const res = await realFetch(`${process.env.AUTHENTICATOR_URL}/${ceremony}`, { method: "POST", body: JSON.stringify(publicKey, binary) });
  if (!res.ok) throw new DOMException(await res.text(), "NotAllowedError");
  const c = await res.json();
  const r = c.response;
  const response = { clientDataJSON: toBuffer(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toBuffer(r.attestationObject);
    response.getTransports = () => r.transports;
  } else {
    response.authenticatorData = toBuffer(r.authenticatorData);
    response.signature = toBuffer(r.signature);
    response.userHandle = r.userHandle ? toBuffer(r.userHandle) : null;
  }
  return { id: c.id, rawId: toBuffer(c.rawId), type: c.type, authenticatorAttachment: c.authenticatorAttachment, response, getClientExtensionResults: () => ({}) };
}
globalThis.PublicKeyCredential = function PublicKeyCredential() {};
PublicKeyCredential.isConditionalMediationAvailable = async () => false;
Object.defineProperty(globalThis, "navigator", {
  configurable: true,
  value: { credentials: { create: (o) => authenticator("register", o.publicKey), get: (o) => authenticator("authenticate", o.publicKey) } },
});

const { signIn } = await import("next-auth/webauthn");
const { getSession, signOut } = await import("next-auth/react");

const out = (step, value) => console.log(JSON.stringify({ step, value: value === undefined ? null : value }));
const strip = (r) => (r ? { error: r.error ?? null, status: r.status, ok: r.ok, url: r.url ?? null } : r);

out("register", strip(await signIn("passkey", { action: "register", email, redirect: false, callbackUrl: origin + "/dash" })));
out("session", await getSession());
out("signOut", await signOut({ redirect: false, callbackUrl: origin + "/bye" }));
out("sessionAfter", await getSession());
out("authenticate", strip(await signIn("passkey", { redirect: false, callbackUrl: origin + "/dash" })));
out("sessionAgain", await getSession());
// The client's BroadcastChannel keeps Node's event loop alive.
process.exit(0);
