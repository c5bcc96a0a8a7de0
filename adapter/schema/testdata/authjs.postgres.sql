CREATE TABLE IF NOT EXISTS "users" (
  "id" SERIAL PRIMARY KEY,
  "name" VARCHAR(255),
  "email" VARCHAR(255),
  "emailVerified" TIMESTAMPTZ,
  "image" TEXT
);

CREATE UNIQUE INDEX IF NOT EXISTS "users_email_key" ON "users" ("email");

CREATE TABLE IF NOT EXISTS "accounts" (
  "id" SERIAL PRIMARY KEY,
  "userId" INTEGER NOT NULL,
  "type" VARCHAR(255) NOT NULL,
  "provider" VARCHAR(255) NOT NULL,
  "providerAccountId" VARCHAR(255) NOT NULL,
  "refresh_token" TEXT,
  "access_token" TEXT,
  "expires_at" BIGINT,
  "id_token" TEXT,
  "scope" TEXT,
  "session_state" TEXT,
  "token_type" TEXT
);

CREATE UNIQUE INDEX IF NOT EXISTS "accounts_provider_providerAccountId_key" ON "accounts" ("provider", "providerAccountId");

CREATE INDEX IF NOT EXISTS "accounts_userId_idx" ON "accounts" ("userId");

CREATE TABLE IF NOT EXISTS "sessions" (
  "id" SERIAL PRIMARY KEY,
  "userId" INTEGER NOT NULL,
  "expires" TIMESTAMPTZ NOT NULL,
  "sessionToken" VARCHAR(255) NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS "sessions_sessionToken_key" ON "sessions" ("sessionToken");

CREATE INDEX IF NOT EXISTS "sessions_userId_idx" ON "sessions" ("userId");

CREATE TABLE IF NOT EXISTS "verification_token" (
  "identifier" TEXT NOT NULL,
  "expires" TIMESTAMPTZ NOT NULL,
  "token" TEXT NOT NULL,
  PRIMARY KEY ("identifier", "token")
);
