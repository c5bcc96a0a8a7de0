CREATE TABLE IF NOT EXISTS "users" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "name" TEXT,
  "email" TEXT,
  "emailVerified" TEXT,
  "image" TEXT
);

CREATE UNIQUE INDEX IF NOT EXISTS "users_email_key" ON "users" ("email");

CREATE TABLE IF NOT EXISTS "accounts" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "userId" INTEGER NOT NULL,
  "type" TEXT NOT NULL,
  "provider" TEXT NOT NULL,
  "providerAccountId" TEXT NOT NULL,
  "refresh_token" TEXT,
  "access_token" TEXT,
  "expires_at" INTEGER,
  "id_token" TEXT,
  "scope" TEXT,
  "session_state" TEXT,
  "token_type" TEXT
);

CREATE UNIQUE INDEX IF NOT EXISTS "accounts_provider_providerAccountId_key" ON "accounts" ("provider", "providerAccountId");

CREATE INDEX IF NOT EXISTS "accounts_userId_idx" ON "accounts" ("userId");

CREATE TABLE IF NOT EXISTS "sessions" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "userId" INTEGER NOT NULL,
  "expires" TEXT NOT NULL,
  "sessionToken" TEXT NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS "sessions_sessionToken_key" ON "sessions" ("sessionToken");

CREATE INDEX IF NOT EXISTS "sessions_userId_idx" ON "sessions" ("userId");

CREATE TABLE IF NOT EXISTS "verification_token" (
  "identifier" TEXT NOT NULL,
  "expires" TEXT NOT NULL,
  "token" TEXT NOT NULL,
  PRIMARY KEY ("identifier", "token")
);
