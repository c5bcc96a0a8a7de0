// Test vectors for gatehouse's jwt package, made and checked by the real
// Auth.js (@auth/core) and NextAuth.js v4 (next-auth) libraries pinned in
// package.json / package-lock.json.
//
//   npm ci
//   node gen.mjs generate vectors.json   # tokens the libraries produce -> vectors.json
//   node gen.mjs decode go-tokens.json   # decode Go-made tokens, print results as JSON
//
// decode input: {"tokens": [{"name", "version": "v5"|"v4", "secrets": [..], "salt",
//   "token"} or {..., "cookieHeader", "cookieName"} to go through getToken]}.
// decode output: {"results": [{"name", "ok", "payload", "error"}]}.
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import * as v5 from "@auth/core/jwt";
import { SessionStore as SessionStoreV5 } from "./node_modules/@auth/core/lib/utils/cookie.js";
import { EncryptJWT, base64url, calculateJwkThumbprint, compactDecrypt } from "jose";
import { hkdf } from "@panva/hkdf";

const require = createRequire(import.meta.url);
const v4 = require("next-auth/jwt");
const { parse: parseCookie } = require("cookie");
const { SessionStore: SessionStoreV4 } = require("./node_modules/next-auth/core/lib/cookie.js");
const versions = {
  "@auth/core": JSON.parse(readFileSync(new URL("./node_modules/@auth/core/package.json", import.meta.url))).version,
  "next-auth": JSON.parse(readFileSync(new URL("./node_modules/next-auth/package.json", import.meta.url))).version,
  jose: JSON.parse(readFileSync(new URL("./node_modules/jose/package.json", import.meta.url))).version,
};

const quiet = { debug() {}, error() {}, warn() {} };

const SECRETS = [
  "gatehouse-test-secret-one-0123456789abcdef",
  "Zk3pQ9u1mX7vT2sL8bN4cR6yW0eH5jA3fG1dK9qP2tU=", // shaped like `openssl rand -base64 33`
  "pässwörd ünïcode 🔑 secret",
];
const V5_SALTS = ["authjs.session-token", "__Secure-authjs.session-token"];

// chunks reproduces the Set-Cookie list Auth.js writes for a session value.
function chunks(Store, name, value) {
  const store = new Store({ name, options: { httpOnly: true, sameSite: "lax", path: "/" } }, {}, quiet);
  return store.chunk(value, {}).map((c) => ({ name: c.name, value: c.value }));
}

async function claimsOf(decode) {
  try {
    return { payload: await decode(), error: null };
  } catch (err) {
    // jose's JWTExpired carries the payload it refused.
    return { payload: err.payload ?? null, error: err.code ?? String(err) };
  }
}

// v5Gcm writes a v5 token with enc A256GCM, which @auth/core decodes but
// never writes: key = the v5 HKDF derivation at 32 bytes, kid its SHA-256 thumbprint.
async function v5Gcm(token, secret, salt, maxAge) {
  const key = await hkdf("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 32);
  const kid = await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, "sha256");
  const now = (Date.now() / 1000) | 0;
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid })
    .setIssuedAt()
    .setExpirationTime(now + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

async function generate(out) {
  const user = { name: "Ada Lovelace", email: "ada@example.com", picture: "https://example.com/ada.png", sub: "8c5b1e2a-3f4d-4e6a-9b7c-1d2e3f4a5b6c" };
  const vectors = [];
  const add = async (v) => {
    const secretArg = v.version === "v5" ? v.secrets : v.secrets[0];
    const dec = v.version === "v5" ? v5.decode : v4.decode;
    let { payload, error } = await claimsOf(() => dec({ token: v.token, secret: secretArg, salt: v.salt }));
    if (payload === null && v.version === "v4" && error) {
      // next-auth v4's jose (4.x) does not attach the refused payload to the
      // error: read it without claim checks, with the v4 key derivation.
      const key = await hkdf("sha256", v.secrets[0], v.salt, `NextAuth.js Generated Encryption Key${v.salt ? ` (${v.salt})` : ""}`, 32);
      payload = JSON.parse(new TextDecoder().decode((await compactDecrypt(v.token, key)).plaintext));
    }
    vectors.push({ ...v, payload, error });
  };

  let i = 0;
  for (const salt of V5_SALTS) {
    for (const secret of SECRETS) {
      const token = { ...user, sub: `user-${i++}` };
      await add({ name: `v5 basic ${salt} secret#${SECRETS.indexOf(secret)}`, version: "v5", secrets: [secret], salt, token: await v5.encode({ token, secret, salt }) });
    }
  }
  const odd = { name: null, email: "zoë@exämple.com", picture: null, sub: "42", roles: ["admin", "ops"], nested: { count: 3, ratio: 0.5, flag: true, none: null }, quote: "\"<&'>\u2028" };
  await add({ name: "v5 nulls unicode nested", version: "v5", secrets: [SECRETS[0]], salt: V5_SALTS[0], token: await v5.encode({ token: odd, secret: SECRETS[0], salt: V5_SALTS[0] }) });
  await add({ name: "v5 empty payload", version: "v5", secrets: [SECRETS[1]], salt: V5_SALTS[1], token: await v5.encode({ token: {}, secret: SECRETS[1], salt: V5_SALTS[1] }) });
  // Rotation: written with the first of [new, old]; the Go test decodes with [old, new] too.
  await add({ name: "v5 rotation", version: "v5", secrets: [SECRETS[1], SECRETS[0]], salt: V5_SALTS[1], token: await v5.encode({ token: user, secret: [SECRETS[1], SECRETS[0]], salt: V5_SALTS[1] }) });
  for (const size of [3000, 6000, 12000]) {
    for (const salt of V5_SALTS) {
      const big = { ...user, blob: randomBytes(size / 2).toString("hex") };
      const tok = await v5.encode({ token: big, secret: SECRETS[0], salt });
      await add({ name: `v5 ${size}B payload ${salt}`, version: "v5", secrets: [SECRETS[0]], salt, token: tok, chunks: chunks(SessionStoreV5, salt, tok) });
    }
  }
  await add({ name: "v5 expired", version: "v5", secrets: [SECRETS[0]], salt: V5_SALTS[0], token: await v5.encode({ token: user, secret: SECRETS[0], salt: V5_SALTS[0], maxAge: -3600 }) });
  await add({ name: "v5 A256GCM", version: "v5", secrets: [SECRETS[2]], salt: V5_SALTS[1], token: await v5Gcm(user, SECRETS[2], V5_SALTS[1], 30 * 24 * 3600) });
  await add({ name: "v5 oauth state check cookie", version: "v5", secrets: [SECRETS[0]], salt: "__Secure-authjs.state", token: await v5.encode({ token: { value: "Yq2Xr9v_state", provider: "github" }, secret: SECRETS[0], salt: "__Secure-authjs.state", maxAge: 900 }) });

  for (const secret of SECRETS) {
    await add({ name: `v4 basic secret#${SECRETS.indexOf(secret)}`, version: "v4", secrets: [secret], salt: "", token: await v4.encode({ token: user, secret }) });
  }
  await add({ name: "v4 nulls unicode nested", version: "v4", secrets: [SECRETS[1]], salt: "", token: await v4.encode({ token: odd, secret: SECRETS[1] }) });
  const big4 = { ...user, blob: randomBytes(3000).toString("hex") };
  const tok4 = await v4.encode({ token: big4, secret: SECRETS[0] });
  await add({ name: "v4 6000B payload", version: "v4", secrets: [SECRETS[0]], salt: "", token: tok4, chunks: chunks(SessionStoreV4, "next-auth.session-token", tok4) });
  await add({ name: "v4 expired", version: "v4", secrets: [SECRETS[0]], salt: "", token: await v4.encode({ token: user, secret: SECRETS[0], maxAge: -3600 }) });
  await add({ name: "v4 pkce check cookie", version: "v4", secrets: [SECRETS[0]], salt: "next-auth.pkce.code_verifier", token: await v4.encode({ token: { value: "verifier-123", provider: "google" }, secret: SECRETS[0], salt: "next-auth.pkce.code_verifier", maxAge: 900 }) });

  for (const v of vectors) {
    if (v.payload === null) throw new Error(`vector ${v.name}: the library could not read its own token`);
  }
  await writeFile(out, JSON.stringify({ generator: { ...versions, node: process.version }, vectors }, null, 1) + "\n");
  console.error(`wrote ${vectors.length} vectors to ${out}`);
}

async function decode(file) {
  const input = JSON.parse(await readFile(file, "utf8"));
  const results = [];
  for (const t of input.tokens) {
    const lib = t.version === "v4" ? v4 : v5;
    const secret = t.version === "v4" ? t.secrets[0] : t.secrets;
    let r;
    if (t.cookieHeader !== undefined) {
      const req = { headers: { cookie: t.cookieHeader, ...(t.authorization ? { authorization: t.authorization } : {}) } };
      // next-auth v4 reads the cookies Next.js has already parsed (req.cookies), with the
      // "cookie" package Next.js uses; @auth/core parses the Cookie header itself.
      if (t.version === "v4") req.cookies = parseCookie(t.cookieHeader);
      const payload = await lib.getToken({ req, secret, cookieName: t.cookieName, salt: t.salt, secureCookie: t.cookieName?.startsWith("__Secure-"), logger: quiet });
      r = payload ? { payload, error: null } : { payload: null, error: "getToken returned null" };
    } else {
      r = await claimsOf(() => lib.decode({ token: t.token, secret, salt: t.salt }));
    }
    results.push({ name: t.name, ok: r.error === null, payload: r.payload, error: r.error });
  }
  process.stdout.write(JSON.stringify({ generator: versions, results }) + "\n");
}

const [mode, file] = process.argv.slice(2);
if (mode === "generate") await generate(file ?? "vectors.json");
else if (mode === "decode" && file) await decode(file);
else {
  console.error("usage: node gen.mjs generate [out.json] | node gen.mjs decode <tokens.json>");
  process.exit(2);
}
