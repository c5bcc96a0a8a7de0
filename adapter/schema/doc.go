// Package schema describes, once, the tables that gatehouse's SQL-ish
// adapters store users, accounts, sessions, verification tokens and
// authenticators in: which table each logical model lives in, which column
// holds each logical field, the column's kind and per-dialect SQL type, how
// ids are made and which indexes exist.
//
// The description is plain data ([Schema], [Table], [Column], [Index]) so that
// every consumer reads the same names: the SQL adapter builds its queries from
// it, Synchronize and `gatehouse migrate` build DDL from it (see [Schema.DDL]
// and the other rendering methods), and an ORM adapter can map its models
// from it. Names can therefore never disagree between them.
//
// # Presets
//
// Four layouts are built in, each returned fresh by a function so that a
// caller may change its copy freely:
//
//   - [Default]: gatehouse's own layout for new databases: snake_case plural
//     tables, text ids (UUIDv7), created_at/updated_at, every Auth.js account
//     field plus an extra JSON column, and an authenticators table.
//   - [NextAuthV3]: the NextAuth.js v3 TypeORM layout (users, accounts,
//     sessions, verification_requests; integer ids, compound_id, the session
//     access_token), which the v3 Prisma schema shares at column level.
//   - [AuthJS]: the @auth/pg-adapter layout (users, accounts, sessions,
//     verification_token, camelCase columns, serial ids).
//   - [AuthJSPrisma]: the Auth.js Prisma/Kysely layout (User, Account,
//     Session, VerificationToken, Authenticator; camelCase columns, text ids).
//
// Any table or column can be renamed ([Schema.RenameTable],
// [Schema.RenameColumn], [Schema.SetPrefix]) and extra user columns declared
// ([Schema.AddUserColumn]); the base fields keep their meaning.
package schema
