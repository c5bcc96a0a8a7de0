// Reads session cookies that gatehouse set with the real getToken of
// @auth/core (v5) or next-auth v4, as a Next.js app sharing the secret
// would, and prints the decoded token (or null) as JSON.
//
// Usage: node gettoken.mjs < input.json
// input: {"version": "v5"|"v4", "secret": "...", "secure": bool,
//         "cookies": [{"name": "...", "value": "..."}]}
// output: {"token": {...} | null}

import { readFileSync } from "node:fs";

const input = JSON.parse(readFileSync(0, "utf8"));
const silent = { error() {}, warn() {}, debug() {} };
let token;
if (input.version === "v4") {
  const { getToken } = await import("next-auth-v4/jwt");
  const cookies = Object.fromEntries(input.cookies.map((c) => [c.name, c.value]));
  token = await getToken({ req: { cookies, headers: {} }, secret: input.secret, secureCookie: input.secure, logger: silent });
} else {
  const { getToken } = await import("@auth/core/jwt");
  const cookie = input.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  token = await getToken({ req: { headers: { cookie } }, secret: input.secret, secureCookie: input.secure, logger: silent });
}
console.log(JSON.stringify({ token: token ?? null }));
