CREATE TABLE `complaint_categories` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`unit_id` text NOT NULL,
	`deadline_days` integer NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `complaint_categories_name_uq` ON `complaint_categories` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `complaint_contacts` (
	`complaint_id` integer PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`line_user_id` text NOT NULL,
	`display_name` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaint_contacts_user_idx` ON `complaint_contacts` (`org_id`,`line_user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `complaint_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` text NOT NULL,
	`complaint_id` integer NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`by` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaint_history_idx` ON `complaint_history` (`complaint_id`,`id`);--> statement-breakpoint
CREATE TABLE `complaint_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`complaint_id` integer NOT NULL,
	`kind` text NOT NULL,
	`blob_key` text NOT NULL,
	`content_type` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaint_photos_idx` ON `complaint_photos` (`complaint_id`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` text NOT NULL,
	`tracking_code` text NOT NULL,
	`track` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`seq` integer NOT NULL,
	`category_id` text,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`address` text,
	`status` text DEFAULT 'received' NOT NULL,
	`routed_unit_id` text,
	`anonymous` integer NOT NULL,
	`created_at` integer NOT NULL,
	`due_date` text NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`fixed` integer,
	`rating` integer,
	`source_event_id` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`routed_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_code_uq` ON `complaints` (`org_id`,`tracking_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_seq_uq` ON `complaints` (`org_id`,`track`,`fiscal_year`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_event_uq` ON `complaints` (`org_id`,`source_event_id`);--> statement-breakpoint
CREATE INDEX `complaints_status_idx` ON `complaints` (`org_id`,`status`);--> statement-breakpoint
CREATE INDEX `complaints_unit_idx` ON `complaints` (`org_id`,`routed_unit_id`,`status`);--> statement-breakpoint
CREATE TABLE `eit_invitations` (
	`org_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`line_user_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `fiscal_year`, `line_user_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `eit_responses` (
	`org_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`line_user_id` text NOT NULL,
	`scores` text NOT NULL,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `fiscal_year`, `line_user_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `holidays` (
	`org_id` text NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`org_id`, `date`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `org_settings` (
	`org_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `key`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_name_uq` ON `units` (`org_id`,`name`);--> statement-breakpoint
ALTER TABLE `users` ADD `consented_at` integer;