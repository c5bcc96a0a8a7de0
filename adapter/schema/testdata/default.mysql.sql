CREATE TABLE IF NOT EXISTS `users` (
  `id` VARCHAR(255) NOT NULL PRIMARY KEY,
  `name` TEXT,
  `email` VARCHAR(255),
  `email_verified` DATETIME(6),
  `image` TEXT,
  `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);

CREATE TABLE IF NOT EXISTS `accounts` (
  `id` VARCHAR(255) NOT NULL PRIMARY KEY,
  `user_id` VARCHAR(255) NOT NULL,
  `type` VARCHAR(255) NOT NULL,
  `provider` VARCHAR(255) NOT NULL,
  `provider_account_id` VARCHAR(255) NOT NULL,
  `refresh_token` TEXT,
  `access_token` TEXT,
  `expires_at` BIGINT,
  `token_type` VARCHAR(255),
  `scope` TEXT,
  `id_token` TEXT,
  `session_state` TEXT,
  `extra` JSON,
  `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX `accounts_provider_provider_account_id_key` ON `accounts` (`provider`, `provider_account_id`);

CREATE INDEX `accounts_user_id_idx` ON `accounts` (`user_id`);

CREATE TABLE IF NOT EXISTS `sessions` (
  `session_token` VARCHAR(255) NOT NULL,
  `user_id` VARCHAR(255) NOT NULL,
  `expires` DATETIME(6) NOT NULL,
  `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (`session_token`),
  FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX `sessions_user_id_idx` ON `sessions` (`user_id`);

CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires`);

CREATE TABLE IF NOT EXISTS `verification_tokens` (
  `identifier` VARCHAR(255) NOT NULL,
  `token` VARCHAR(255) NOT NULL,
  `expires` DATETIME(6) NOT NULL,
  `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (`identifier`, `token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX `verification_tokens_expires_idx` ON `verification_tokens` (`expires`);

CREATE TABLE IF NOT EXISTS `authenticators` (
  `credential_id` VARCHAR(255) NOT NULL,
  `user_id` VARCHAR(255) NOT NULL,
  `provider_account_id` VARCHAR(255) NOT NULL,
  `credential_public_key` TEXT NOT NULL,
  `counter` BIGINT NOT NULL,
  `credential_device_type` VARCHAR(255) NOT NULL,
  `credential_backed_up` BOOLEAN NOT NULL,
  `transports` VARCHAR(255),
  `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (`credential_id`),
  FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX `authenticators_user_id_idx` ON `authenticators` (`user_id`);
