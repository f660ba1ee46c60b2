CREATE TABLE `conversations` (
	`org_id` text NOT NULL,
	`line_user_id` text NOT NULL,
	`flow` text NOT NULL,
	`version` integer NOT NULL,
	`step` text NOT NULL,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `line_user_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `inbox_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`webhook_event_id` text NOT NULL,
	`chat_key` text NOT NULL,
	`type` text NOT NULL,
	`event_at` integer NOT NULL,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`handled_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_event_uq` ON `inbox_events` (`org_id`,`webhook_event_id`);--> statement-breakpoint
CREATE TABLE `inbox_watermarks` (
	`org_id` text PRIMARY KEY NOT NULL,
	`low_id` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` text NOT NULL,
	`to_id` text NOT NULL,
	`reply_token` text,
	`reply_deadline` integer,
	`messages` text NOT NULL,
	`retry_key` text NOT NULL,
	`source_event_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer DEFAULT 0 NOT NULL,
	`last_status` integer,
	`last_error` text,
	`last_attempt_at` integer,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_open_idx` ON `outbox` (`org_id`,`next_attempt_at`) WHERE status IN ('pending', 'sending');--> statement-breakpoint
CREATE INDEX `outbox_open_to_idx` ON `outbox` (`org_id`,`to_id`,`id`) WHERE status IN ('pending', 'sending');--> statement-breakpoint
CREATE TABLE `users` (
	`org_id` text NOT NULL,
	`line_user_id` text NOT NULL,
	`role` text DEFAULT 'citizen' NOT NULL,
	`unit_id` text,
	`reachable` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`followed_at` integer,
	`unfollowed_at` integer,
	PRIMARY KEY(`org_id`, `line_user_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`org_id`,`role`);