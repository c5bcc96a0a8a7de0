// Prints what the real @auth/core (Auth.js v5) sends for a user without a
// name or an image: GET /session with a JWT session (after a credentials
// sign-in), the decoded JWT, and GET /session with a database session.
// session_json_node_test.go compares gatehouse's answers with these.
//
// Usage: node shapes.mjs SECRET

import { Auth } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { decode } from "@auth/core/jwt";

const secret = process.argv[2];
const base = "http://localhost:3000/api/auth";
const user = { id: "42", name: null, email: "nameless@example.com", image: null, emailVerified: null };
const silent = { error(e) { if (process.env.DEBUG) console.error(e); }, warn() {}, debug() {} };

const credentials = Credentials({
  credentials: { username: {}, password: {} },
  authorize: async () => ({ ...user }),
});

async function call(config, path, init = {}, cookies = []) {
  const headers = new Headers(init.headers || {});
  if (cookies.length) headers.set("cookie", cookies.join("; "));
  const res = await Auth(new Request(base + path, { ...init, headers }), config);
  const set = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  return { res, set };
}

// JWT session.
const jwtConfig = { secret, trustHost: true, basePath: "/api/auth", providers: [credentials], logger: silent };
let { res, set } = await call(jwtConfig, "/csrf");
const { csrfToken } = await res.json();
const csrfCookies = set;
({ set } = await call(jwtConfig, "/callback/credentials", {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ csrfToken, username: "x", password: "y" }),
}, csrfCookies));
const sessionCookie = set.find((c) => c.startsWith("authjs.session-token="));
const token = await decode({ token: sessionCookie.split("=")[1], secret, salt: "authjs.session-token" });
({ res } = await call(jwtConfig, "/session", {}, [sessionCookie]));
const jwtSession = await res.json();

// Database session: an adapter holding one session of the same user.
const expires = new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 6));
const adapter = {
  async getSessionAndUser(t) {
    return t === "db-token" ? { session: { sessionToken: t, userId: user.id, expires }, user: { ...user } } : null;
  },
  async updateSession(s) { return s; },
  async deleteSession() {},
  // Required by Auth.js for database sessions; not called here.
  async createUser(u) { return u; },
  async getUser() { return null; },
  async getUserByEmail() { return null; },
  async getUserByAccount() { return null; },
  async updateUser(u) { return u; },
  async linkAccount(a) { return a; },
  async createSession(s) { return s; },
};
const oidc = { id: "idp", name: "IdP", type: "oidc", issuer: "https://idp.example", clientId: "a", clientSecret: "b" };
const dbConfig = { secret, trustHost: true, basePath: "/api/auth", providers: [oidc], adapter, session: { strategy: "database" }, logger: silent };
({ res } = await call(dbConfig, "/session", {}, ["authjs.session-token=db-token"]));
const dbSession = await res.json();

for (const k of ["iat", "exp", "jti"]) delete token[k];
console.log(JSON.stringify({ token, jwtSession, dbSession }));
