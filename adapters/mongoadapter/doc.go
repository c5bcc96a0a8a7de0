// Package mongoadapter is a gatehouse adapter on MongoDB, on the official
// driver go.mongodb.org/mongo-driver/v2. It is a module of its own, so that
// only applications that use MongoDB import the driver.
//
// # Layout
//
// By default it reads and writes the documents of @auth/mongodb-adapter
// (https://authjs.dev/getting-started/adapters/mongodb), so a gatehouse app
// and an Auth.js app can share one database: the collections users,
// accounts, sessions and verification_tokens, plus authenticators for
// passkeys; every _id an ObjectId, whose hex string is the model's ID; userId
// an ObjectId; the field names of Auth.js's models (emailVerified,
// providerAccountId, refresh_token, expires_at, sessionToken, expires,
// identifier, token, credentialID, ...); dates as BSON dates. Fields the
// models do not name are User.Extra and Account.Extra, kept at the top level
// of the document as Auth.js keeps them. Options renames collections and
// adds a prefix.
//
// # Indexes
//
// Init (called by gatehouse.New) and Migrate create the indexes that keep
// the adapter contract: unique email (sparse: users without an email have no
// email field and never clash), unique (provider, providerAccountId), unique
// sessionToken, unique (identifier, token), unique credentialID, and indexes
// on userId and expires; Options.TTL makes the expires indexes TTL indexes.
//
// # Atomicity without transactions
//
// Every write that must be atomic is a single-document operation whose
// outcome the server reports: unique indexes decide every "exactly one
// wins" insert; UseVerificationToken finds the token and deletes it by _id,
// and only the caller whose delete reports one deleted document gets it
// (findOneAndDelete was not atomic on FerretDB 1.x); DeleteUser deletes the
// user first, and writers that attach documents to a user check after
// inserting that the user still exists. No multi-document transaction is
// used, so the adapter is not an adapter.Transactor: gatehouse undoes a
// failed sign-in with DeleteUser.
//
// GetSessionAndUser is one aggregate with $lookup on servers that run it
// (MongoDB); on servers that do not (FerretDB 1.x) it learns so on the
// first call and uses two finds.
//
// # Opening from a URL
//
// OpenURL opens a mongodb:// or mongodb+srv:// URL, and Open is that in the
// form of adapter.Opener, so that Config.Database can name a MongoDB:
//
//	auth, err := gatehouse.New(gatehouse.Config{
//		Database: "mongodb://localhost:27017/app",
//		Openers:  mongoadapter.Openers(),
//		// ...
//	})
//
// The tests run against the server named by GATEHOUSE_TEST_MONGODB (a
// mongodb:// URL, default mongodb://127.0.0.1:27017), each test in a
// database of its own; CI runs FerretDB 1.24 on PostgreSQL.
package mongoadapter
