CREATE TABLE IF NOT EXISTS "users" (
  "id" integer PRIMARY KEY AUTOINCREMENT,
  "name" varchar,
  "email" varchar,
  "email_verified" datetime,
  "image" varchar,
  "created_at" datetime NOT NULL DEFAULT (datetime('now')),
  "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
);

CREATE UNIQUE INDEX IF NOT EXISTS "email" ON "users" ("email");

CREATE TABLE IF NOT EXISTS "accounts" (
  "id" integer PRIMARY KEY AUTOINCREMENT,
  "compound_id" varchar NOT NULL,
  "user_id" integer NOT NULL,
  "provider_type" varchar NOT NULL,
  "provider_id" varchar NOT NULL,
  "provider_account_id" varchar NOT NULL,
  "refresh_token" text,
  "access_token" text,
  "access_token_expires" datetime,
  "token_type" TEXT,
  "scope" TEXT,
  "id_token" TEXT,
  "session_state" TEXT,
  "created_at" datetime NOT NULL DEFAULT (datetime('now')),
  "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
);

CREATE UNIQUE INDEX IF NOT EXISTS "compound_id" ON "accounts" ("compound_id");

CREATE INDEX IF NOT EXISTS "provider_account_id" ON "accounts" ("provider_account_id");

CREATE INDEX IF NOT EXISTS "provider_id" ON "accounts" ("provider_id");

CREATE INDEX IF NOT EXISTS "user_id" ON "accounts" ("user_id");

CREATE TABLE IF NOT EXISTS "sessions" (
  "id" integer PRIMARY KEY AUTOINCREMENT,
  "user_id" integer NOT NULL,
  "expires" datetime NOT NULL,
  "session_token" varchar NOT NULL,
  "access_token" varchar NOT NULL,
  "created_at" datetime NOT NULL DEFAULT (datetime('now')),
  "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
);

CREATE UNIQUE INDEX IF NOT EXISTS "session_token" ON "sessions" ("session_token");

CREATE UNIQUE INDEX IF NOT EXISTS "access_token" ON "sessions" ("access_token");

CREATE TABLE IF NOT EXISTS "verification_requests" (
  "id" integer PRIMARY KEY AUTOINCREMENT,
  "identifier" varchar NOT NULL,
  "token" varchar NOT NULL,
  "expires" datetime NOT NULL,
  "created_at" datetime NOT NULL DEFAULT (datetime('now')),
  "updated_at" datetime NOT NULL DEFAULT (datetime('now'))
);

CREATE UNIQUE INDEX IF NOT EXISTS "token" ON "verification_requests" ("token");
