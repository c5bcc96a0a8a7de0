// Prints N Auth.js session cookies (JWT sessions), one a line, made with
// @auth/core's encode for the bench users 0..N-1. Usage: node mkjwt.mjs N
// with AUTH_SECRET and COOKIE_NAME (the salt) in the environment.
import { encode } from "@auth/core/jwt"

const n = Number(process.argv[2] ?? "1")
const secret = process.env.AUTH_SECRET
const salt = process.env.COOKIE_NAME ?? "authjs.session-token"
const out = []
for (let i = 0; i < n; i++) {
  const token = { name: `User ${i}`, email: `user${i}@bench.example`, sub: String(i + 1) }
  out.push(await encode({ token, secret, salt, maxAge: 30 * 24 * 60 * 60 }))
}
process.stdout.write(out.join("\n") + "\n")
