CREATE TABLE IF NOT EXISTS `users` (
  `id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `name` VARCHAR(255),
  `email` VARCHAR(255),
  `emailVerified` DATETIME(6),
  `image` TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);

CREATE TABLE IF NOT EXISTS `accounts` (
  `id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `userId` INT NOT NULL,
  `type` VARCHAR(255) NOT NULL,
  `provider` VARCHAR(255) NOT NULL,
  `providerAccountId` VARCHAR(255) NOT NULL,
  `refresh_token` TEXT,
  `access_token` TEXT,
  `expires_at` BIGINT,
  `id_token` TEXT,
  `scope` TEXT,
  `session_state` TEXT,
  `token_type` TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX `accounts_provider_providerAccountId_key` ON `accounts` (`provider`, `providerAccountId`);

CREATE INDEX `accounts_userId_idx` ON `accounts` (`userId`);

CREATE TABLE IF NOT EXISTS `sessions` (
  `id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `userId` INT NOT NULL,
  `expires` DATETIME(6) NOT NULL,
  `sessionToken` VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX `sessions_sessionToken_key` ON `sessions` (`sessionToken`);

CREATE INDEX `sessions_userId_idx` ON `sessions` (`userId`);

CREATE TABLE IF NOT EXISTS `verification_token` (
  `identifier` VARCHAR(255) NOT NULL,
  `expires` DATETIME(6) NOT NULL,
  `token` VARCHAR(255) NOT NULL,
  PRIMARY KEY (`identifier`, `token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
