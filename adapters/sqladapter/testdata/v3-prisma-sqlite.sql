-- The Prisma schema of NextAuth.js v3's adapter docs (NextAuth.js v3 www/docs/adapters.md: models User, Session,
-- Account, VerificationRequest with no @@map, String @default(uuid()) ids,
-- camelCase fields) as SQL for SQLite, in the form `prisma migrate` gives
-- it (TEXT strings, DATETIME dates, CURRENT_TIMESTAMP defaults, unique
-- indexes named <Model>.<field>_unique).
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT,
    "emailVerified" DATETIME,
    "image" TEXT,
    "name" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT NOT NULL,
    "sessionToken" TEXT NOT NULL,
    "accessTokenExpires" DATETIME,
    "expires" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "compoundId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "providerType" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refreshToken" TEXT,
    "accessToken" TEXT,
    "accessTokenExpires" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "VerificationRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE UNIQUE INDEX "User.email_unique" ON "User"("email");

CREATE UNIQUE INDEX "Session.accessToken_unique" ON "Session"("accessToken");

CREATE UNIQUE INDEX "Session.sessionToken_unique" ON "Session"("sessionToken");

CREATE UNIQUE INDEX "Account.compoundId_unique" ON "Account"("compoundId");

CREATE UNIQUE INDEX "Account.providerAccountId_unique" ON "Account"("providerAccountId");

CREATE UNIQUE INDEX "VerificationRequest.token_unique" ON "VerificationRequest"("token");
