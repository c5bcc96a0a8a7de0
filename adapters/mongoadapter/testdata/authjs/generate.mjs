// generate.mjs writes documents through @auth/mongodb-adapter itself and
// prints them as canonical Extended JSON (types kept: ObjectId, date,
// int32, double, null), one collection per key, for authjs_test.go.
//
//   npm install @auth/mongodb-adapter@3.11.3 mongodb
//   MONGODB_URL=mongodb://127.0.0.1:27017/authjs_fixtures node generate.mjs > documents.json
//
// The values are those of Auth.js's shared adapter tests
// (packages/utils/adapter.ts: Fill Murray, a GitHub account, a session and
// a verification token), with fixed tokens and dates so the file is stable.
import { MongoClient } from "mongodb"
import { EJSON } from "bson"
import { MongoDBAdapter } from "@auth/mongodb-adapter"

const client = new MongoClient(process.env.MONGODB_URL)
const db = client.db()
await db.dropDatabase()
const adapter = MongoDBAdapter(client)

const verified = await adapter.createUser({
  id: "ignored-uuid-5c6e-4d8a", name: "Fill Murray", email: "fill@murray.com",
  image: "https://www.fillmurray.com/460/300", emailVerified: new Date("2024-05-06T07:08:09.123Z"),
})
const unverified = await adapter.createUser({
  id: "ignored-uuid-2", name: "No Email Yet", email: "nomail@murray.com", image: null, emailVerified: null,
})
await adapter.linkAccount({
  userId: verified.id, type: "oauth", provider: "github", providerAccountId: "583231",
  access_token: "gho_accesstoken", refresh_token: "ghr_refreshtoken", expires_at: 1714979289,
  token_type: "bearer", scope: "user", id_token: "eyJhbGciOi.idtoken", session_state: "state-1",
  refresh_token_expires_in: 15897600,
})
await adapter.createSession({
  sessionToken: "authjs-session-token", userId: verified.id, expires: new Date("2099-01-02T03:04:05.678Z"),
})
await adapter.createVerificationToken({
  identifier: "fill@murray.com", token: "authjs-verification-token", expires: new Date("2099-01-02T03:04:05.678Z"),
})

const out = {}
for (const c of ["users", "accounts", "sessions", "verification_tokens"]) {
  out[c] = await db.collection(c).find().sort({ _id: 1 }).toArray()
}
console.log(EJSON.stringify(out, null, 2, { relaxed: false }))
await db.dropDatabase()
await client.close()
