CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`channel_secret_sealed` text NOT NULL,
	`channel_access_token_sealed` text NOT NULL,
	`admin_token_sha256` text NOT NULL,
	`created_at` integer NOT NULL
);
