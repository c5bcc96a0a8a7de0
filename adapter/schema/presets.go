package schema

import (
	"fmt"
	"sort"
	"strings"
)

// Preset names, as accepted by [Preset] and the `schema` URL option.
const (
	PresetDefault      = "default"
	PresetNextAuthV3   = "nextauth-v3"
	PresetAuthJS       = "authjs"
	PresetAuthJSPrisma = "authjs-prisma"
)

var presets = map[string]func() *Schema{
	PresetDefault:      Default,
	PresetNextAuthV3:   NextAuthV3,
	PresetAuthJS:       AuthJS,
	PresetAuthJSPrisma: AuthJSPrisma,
}

// PresetNames returns the names [Preset] accepts, sorted.
func PresetNames() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Preset returns a fresh copy of the named preset. Names are matched
// case-insensitively; "" is "default", and "nextauthv3", "v3", "prisma" and
// "kysely" are accepted as aliases.
func Preset(name string) (*Schema, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "":
		n = PresetDefault
	case "nextauthv3", "nextauth_v3", "v3", "typeorm":
		n = PresetNextAuthV3
	case "pg", "auth.js":
		n = PresetAuthJS
	case "prisma", "kysely", "authjsprisma", "authjs_prisma":
		n = PresetAuthJSPrisma
	}
	f, ok := presets[n]
	if !ok {
		return nil, fmt.Errorf("schema: unknown preset %q; use one of %s", name, strings.Join(PresetNames(), ", "))
	}
	return f(), nil
}

func col(field, name string, k Kind) Column { return Column{Field: field, Name: name, Kind: k} }

func nn(c Column) Column { c.NotNull = true; return c }

func opt(c Column) Column { c.Optional = true; return c }

func auto(c Column, a Auto) Column { c.Auto = a; return c }

func typed(c Column, types map[Dialect]string) Column { c.Types = types; return c }

func ref(c Column) Column { c.References = true; return c }

var nowDefault = map[Dialect]string{Postgres: "CURRENT_TIMESTAMP", MySQL: "CURRENT_TIMESTAMP(6)"}

func stamps(created, updated string) []Column {
	c := auto(nn(col(FieldCreatedAt, created, Time)), AutoCreated)
	u := auto(nn(col(FieldUpdatedAt, updated, Time)), AutoUpdated)
	c.Default, u.Default = nowDefault, nowDefault
	return []Column{c, u}
}

// Default returns gatehouse's own layout for new databases: users,
// accounts, sessions, verification_tokens and authenticators, snake_case
// columns, text ids (UUIDv7), created_at/updated_at, every Auth.js account
// field plus an extra JSON column, foreign keys with ON DELETE CASCADE.
func Default() *Schema {
	return &Schema{
		Name:       PresetDefault,
		TimeFormat: DefaultTimeFormat,
		Users: &Table{
			Model: ModelUser, Name: "users", ID: IDText,
			Columns: append([]Column{
				col(FieldName, "name", Text),
				col(FieldEmail, "email", String),
				col(FieldEmailVerified, "email_verified", Time),
				col(FieldImage, "image", Text),
			}, stamps("created_at", "updated_at")...),
			Indexes: []Index{{Fields: []string{FieldEmail}, Unique: true}},
		},
		Accounts: &Table{
			Model: ModelAccount, Name: "accounts", ID: IDText,
			Columns: append([]Column{
				ref(nn(col(FieldUserID, "user_id", UserRef))),
				nn(col(FieldType, "type", String)),
				nn(col(FieldProvider, "provider", String)),
				nn(col(FieldProviderAccountID, "provider_account_id", String)),
				col(FieldRefreshToken, "refresh_token", Text),
				col(FieldAccessToken, "access_token", Text),
				col(FieldExpiresAt, "expires_at", Int64),
				col(FieldTokenType, "token_type", String),
				col(FieldScope, "scope", Text),
				col(FieldIDToken, "id_token", Text),
				col(FieldSessionState, "session_state", Text),
				col(FieldExtra, "extra", JSON),
			}, stamps("created_at", "updated_at")...),
			Indexes: []Index{
				{Fields: []string{FieldProvider, FieldProviderAccountID}, Unique: true},
				{Fields: []string{FieldUserID}},
			},
		},
		Sessions: &Table{
			Model: ModelSession, Name: "sessions", ID: IDNone,
			Columns: append([]Column{
				nn(col(FieldSessionToken, "session_token", String)),
				ref(nn(col(FieldUserID, "user_id", UserRef))),
				nn(col(FieldExpires, "expires", Time)),
			}, stamps("created_at", "updated_at")...),
			PrimaryKey: []string{FieldSessionToken},
			Indexes:    []Index{{Fields: []string{FieldUserID}}, {Fields: []string{FieldExpires}}},
		},
		VerificationTokens: &Table{
			Model: ModelVerificationToken, Name: "verification_tokens", ID: IDNone,
			Columns: append([]Column{
				nn(col(FieldIdentifier, "identifier", String)),
				nn(col(FieldToken, "token", String)),
				nn(col(FieldExpires, "expires", Time)),
			}, stamps("created_at", "updated_at")[0]),
			PrimaryKey: []string{FieldIdentifier, FieldToken},
			Indexes:    []Index{{Fields: []string{FieldExpires}}},
		},
		Authenticators: &Table{
			Model: ModelAuthenticator, Name: "authenticators", ID: IDNone,
			Columns: append([]Column{
				nn(col(FieldCredentialID, "credential_id", String)),
				ref(nn(col(FieldUserID, "user_id", UserRef))),
				nn(col(FieldProviderAccountID, "provider_account_id", String)),
				nn(col(FieldCredentialPublicKey, "credential_public_key", Text)),
				nn(col(FieldCounter, "counter", Int64)),
				nn(col(FieldCredentialDeviceType, "credential_device_type", String)),
				nn(col(FieldCredentialBackedUp, "credential_backed_up", Bool)),
				col(FieldTransports, "transports", String),
			}, stamps("created_at", "updated_at")...),
			PrimaryKey: []string{FieldCredentialID},
			Indexes:    []Index{{Fields: []string{FieldUserID}}},
		},
	}
}

// v3 column types: the PostgreSQL/MySQL DDL documented by NextAuth.js v3
// (next-auth v3 www/docs/schemas/{postgres,mysql}.md)
// and TypeORM's SQLite mapping.
var (
	v3Varchar = map[Dialect]string{Postgres: "VARCHAR(255)", MySQL: "VARCHAR(255)", SQLite: "varchar"}
	v3Time    = map[Dialect]string{Postgres: "TIMESTAMPTZ", MySQL: "TIMESTAMP(6)", SQLite: "datetime"}
	v3Text    = map[Dialect]string{Postgres: "TEXT", MySQL: "TEXT", SQLite: "text"}
	v3Int     = map[Dialect]string{Postgres: "INTEGER", MySQL: "INT", SQLite: "integer"}
	v3ID      = map[Dialect]string{Postgres: "SERIAL", MySQL: "INT", SQLite: "integer"}
)

func v3stamps() []Column {
	cs := stamps("created_at", "updated_at")
	for i := range cs {
		cs[i].Types = v3Time
		cs[i].Default = map[Dialect]string{Postgres: "CURRENT_TIMESTAMP", MySQL: "CURRENT_TIMESTAMP(6)", SQLite: "(datetime('now'))"}
	}
	return cs
}

// NextAuthV3 returns the NextAuth.js v3 layout (TypeORM's default models
// with the snake-case naming strategy, shared by the v3 Prisma schema):
// tables users, accounts, sessions and verification_requests with integer
// ids; accounts.compound_id holds sha256hex(provider + ":" +
// providerAccountId); sessions.access_token is filled with 64 random hex
// characters; SQLite times are TypeORM's "YYYY-MM-DD HH:MM:SS.SSS" UTC text.
// Account.ExpiresAt is stored in access_token_expires as a time.
//
// gatehouse also stores the Auth.js account fields token_type, scope,
// id_token and session_state; they are Optional: on a v3 database without
// them the adapter drops those values until Synchronize or Migrate adds the
// columns (which v3 ignores). There is no authenticators table.
func NextAuthV3() *Schema {
	return &Schema{
		Name:       PresetNextAuthV3,
		TimeFormat: TypeORMTimeFormat,
		Users: &Table{
			Model: ModelUser, Name: "users", ID: IDSerial, IDTypes: v3ID,
			Columns: append([]Column{
				typed(col(FieldName, "name", String), v3Varchar),
				typed(col(FieldEmail, "email", String), v3Varchar),
				typed(col(FieldEmailVerified, "email_verified", Time), v3Time),
				typed(col(FieldImage, "image", String), map[Dialect]string{Postgres: "TEXT", MySQL: "VARCHAR(255)", SQLite: "varchar"}),
			}, v3stamps()...),
			Indexes: []Index{{Name: "email", Fields: []string{FieldEmail}, Unique: true}},
		},
		Accounts: &Table{
			Model: ModelAccount, Name: "accounts", ID: IDSerial, IDTypes: v3ID,
			Columns: append([]Column{
				auto(typed(nn(col(FieldCompoundID, "compound_id", String)), v3Varchar), AutoCompoundID),
				typed(nn(col(FieldUserID, "user_id", UserRef)), v3Int),
				typed(nn(col(FieldType, "provider_type", String)), v3Varchar),
				typed(nn(col(FieldProvider, "provider_id", String)), v3Varchar),
				typed(nn(col(FieldProviderAccountID, "provider_account_id", String)), v3Varchar),
				typed(col(FieldRefreshToken, "refresh_token", Text), v3Text),
				typed(col(FieldAccessToken, "access_token", Text), v3Text),
				typed(col(FieldExpiresAt, "access_token_expires", Time), v3Time),
				opt(col(FieldTokenType, "token_type", Text)),
				opt(col(FieldScope, "scope", Text)),
				opt(col(FieldIDToken, "id_token", Text)),
				opt(col(FieldSessionState, "session_state", Text)),
			}, v3stamps()...),
			Indexes: []Index{
				{Name: "compound_id", Fields: []string{FieldCompoundID}, Unique: true},
				{Name: "provider_account_id", Fields: []string{FieldProviderAccountID}},
				{Name: "provider_id", Fields: []string{FieldProvider}},
				{Name: "user_id", Fields: []string{FieldUserID}},
			},
		},
		Sessions: &Table{
			Model: ModelSession, Name: "sessions", ID: IDSerial, IDTypes: v3ID,
			Columns: append([]Column{
				typed(nn(col(FieldUserID, "user_id", UserRef)), v3Int),
				typed(nn(col(FieldExpires, "expires", Time)), v3Time),
				typed(nn(col(FieldSessionToken, "session_token", String)), v3Varchar),
				auto(typed(nn(col(FieldAccessToken, "access_token", String)), v3Varchar), AutoRandomHex),
			}, v3stamps()...),
			Indexes: []Index{
				{Name: "session_token", Fields: []string{FieldSessionToken}, Unique: true},
				{Name: "access_token", Fields: []string{FieldAccessToken}, Unique: true},
			},
		},
		VerificationTokens: &Table{
			Model: ModelVerificationToken, Name: "verification_requests", ID: IDSerial, IDTypes: v3ID,
			Columns: append([]Column{
				typed(nn(col(FieldIdentifier, "identifier", String)), v3Varchar),
				typed(nn(col(FieldToken, "token", String)), v3Varchar),
				typed(nn(col(FieldExpires, "expires", Time)), v3Time),
			}, v3stamps()...),
			Indexes: []Index{{Name: "token", Fields: []string{FieldToken}, Unique: true}},
		},
	}
}

var pgVarchar = map[Dialect]string{Postgres: "VARCHAR(255)"}

// AuthJS returns the @auth/pg-adapter layout (its schema.sql): tables
// users, accounts, sessions and verification_token (singular), serial ids,
// camelCase columns "userId", "emailVerified", "providerAccountId",
// "sessionToken" and snake_case token fields, with schema.sql's unique keys
// (users.email, accounts (provider, "providerAccountId"),
// sessions."sessionToken"; created as unique indexes named as PostgreSQL
// names schema.sql's UNIQUE constraints) and its foreign keys ("userId"
// REFERENCES users ON DELETE CASCADE). Two non-unique indexes on "userId"
// are gatehouse's own additions. There is no authenticators table and no
// place for Account.Extra.
func AuthJS() *Schema {
	return &Schema{
		Name:       PresetAuthJS,
		TimeFormat: DefaultTimeFormat,
		Users: &Table{
			Model: ModelUser, Name: "users", ID: IDSerial,
			Columns: []Column{
				typed(col(FieldName, "name", String), pgVarchar),
				typed(col(FieldEmail, "email", String), pgVarchar),
				col(FieldEmailVerified, "emailVerified", Time),
				col(FieldImage, "image", Text),
			},
			Indexes: []Index{{Fields: []string{FieldEmail}, Unique: true}},
		},
		Accounts: &Table{
			Model: ModelAccount, Name: "accounts", ID: IDSerial,
			Columns: []Column{
				ref(nn(col(FieldUserID, "userId", UserRef))),
				typed(nn(col(FieldType, "type", String)), pgVarchar),
				typed(nn(col(FieldProvider, "provider", String)), pgVarchar),
				typed(nn(col(FieldProviderAccountID, "providerAccountId", String)), pgVarchar),
				col(FieldRefreshToken, "refresh_token", Text),
				col(FieldAccessToken, "access_token", Text),
				col(FieldExpiresAt, "expires_at", Int64),
				col(FieldIDToken, "id_token", Text),
				col(FieldScope, "scope", Text),
				col(FieldSessionState, "session_state", Text),
				col(FieldTokenType, "token_type", Text),
			},
			Indexes: []Index{
				{Fields: []string{FieldProvider, FieldProviderAccountID}, Unique: true},
				{Fields: []string{FieldUserID}},
			},
		},
		Sessions: &Table{
			Model: ModelSession, Name: "sessions", ID: IDSerial,
			Columns: []Column{
				ref(nn(col(FieldUserID, "userId", UserRef))),
				nn(col(FieldExpires, "expires", Time)),
				typed(nn(col(FieldSessionToken, "sessionToken", String)), pgVarchar),
			},
			Indexes: []Index{{Fields: []string{FieldSessionToken}, Unique: true}, {Fields: []string{FieldUserID}}},
		},
		VerificationTokens: &Table{
			Model: ModelVerificationToken, Name: "verification_token", ID: IDNone,
			Columns: []Column{
				nn(col(FieldIdentifier, "identifier", String)),
				nn(col(FieldExpires, "expires", Time)),
				nn(col(FieldToken, "token", String)),
			},
			PrimaryKey: []string{FieldIdentifier, FieldToken},
		},
	}
}

var prismaTime = map[Dialect]string{Postgres: "TIMESTAMP(3)", MySQL: "DATETIME(3)"}

func prismaStamps() []Column {
	cs := stamps("createdAt", "updatedAt")
	for i := range cs {
		cs[i].Types = prismaTime
		cs[i].Optional = true
	}
	return cs
}

// AuthJSPrisma returns the Auth.js Prisma/Kysely layout: PascalCase tables
// User, Account, Session, VerificationToken and Authenticator with
// camelCase columns, text ids, composite keys (provider, providerAccountId)
// and (identifier, token), and Prisma's TIMESTAMP(3)/DATETIME(3) times. The
// createdAt/updatedAt columns of Auth.js's documented variants are Optional.
func AuthJSPrisma() *Schema {
	return &Schema{
		Name:       PresetAuthJSPrisma,
		TimeFormat: DefaultTimeFormat,
		Users: &Table{
			Model: ModelUser, Name: "User", ID: IDText,
			Columns: append([]Column{
				col(FieldName, "name", Text),
				col(FieldEmail, "email", String),
				typed(col(FieldEmailVerified, "emailVerified", Time), prismaTime),
				col(FieldImage, "image", Text),
			}, prismaStamps()...),
			Indexes: []Index{{Name: "User_email_key", Fields: []string{FieldEmail}, Unique: true}},
		},
		Accounts: &Table{
			Model: ModelAccount, Name: "Account", ID: IDNone,
			Columns: append([]Column{
				ref(nn(col(FieldUserID, "userId", UserRef))),
				nn(col(FieldType, "type", String)),
				nn(col(FieldProvider, "provider", String)),
				nn(col(FieldProviderAccountID, "providerAccountId", String)),
				col(FieldRefreshToken, "refresh_token", Text),
				col(FieldAccessToken, "access_token", Text),
				col(FieldExpiresAt, "expires_at", Int64),
				col(FieldTokenType, "token_type", Text),
				col(FieldScope, "scope", Text),
				col(FieldIDToken, "id_token", Text),
				col(FieldSessionState, "session_state", Text),
			}, prismaStamps()...),
			PrimaryKey: []string{FieldProvider, FieldProviderAccountID},
			Indexes:    []Index{{Name: "Account_userId_index", Fields: []string{FieldUserID}}},
		},
		Sessions: &Table{
			Model: ModelSession, Name: "Session", ID: IDNone,
			Columns: append([]Column{
				nn(col(FieldSessionToken, "sessionToken", String)),
				ref(nn(col(FieldUserID, "userId", UserRef))),
				typed(nn(col(FieldExpires, "expires", Time)), prismaTime),
			}, prismaStamps()...),
			PrimaryKey: []string{FieldSessionToken},
			Indexes:    []Index{{Name: "Session_userId_index", Fields: []string{FieldUserID}}},
		},
		VerificationTokens: &Table{
			Model: ModelVerificationToken, Name: "VerificationToken", ID: IDNone,
			Columns: []Column{
				nn(col(FieldIdentifier, "identifier", String)),
				nn(col(FieldToken, "token", String)),
				typed(nn(col(FieldExpires, "expires", Time)), prismaTime),
			},
			PrimaryKey: []string{FieldIdentifier, FieldToken},
		},
		Authenticators: &Table{
			Model: ModelAuthenticator, Name: "Authenticator", ID: IDNone,
			Columns: []Column{
				nn(col(FieldCredentialID, "credentialID", String)),
				ref(nn(col(FieldUserID, "userId", UserRef))),
				nn(col(FieldProviderAccountID, "providerAccountId", String)),
				nn(col(FieldCredentialPublicKey, "credentialPublicKey", Text)),
				nn(col(FieldCounter, "counter", Int64)),
				nn(col(FieldCredentialDeviceType, "credentialDeviceType", String)),
				nn(col(FieldCredentialBackedUp, "credentialBackedUp", Bool)),
				col(FieldTransports, "transports", String),
			},
			PrimaryKey: []string{FieldUserID, FieldCredentialID},
			Indexes:    []Index{{Name: "Authenticator_credentialID_key", Fields: []string{FieldCredentialID}, Unique: true}},
		},
	}
}
