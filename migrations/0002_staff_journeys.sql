CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text,
	`detail` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_idx` ON `audit_log` (`org_id`,`at`);--> statement-breakpoint
CREATE TABLE `invites` (
	`code` text NOT NULL,
	`org_id` text NOT NULL,
	`role` text NOT NULL,
	`unit_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` text,
	PRIMARY KEY(`org_id`, `code`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reminder_log` (
	`org_id` text NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`day` text NOT NULL,
	`sent_at` integer NOT NULL,
	`summary` text NOT NULL,
	PRIMARY KEY(`org_id`, `recipient`, `kind`, `day`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `measure_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`progress_id` text NOT NULL,
	`blob_key` text NOT NULL,
	`content_type` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`progress_id`) REFERENCES `measure_progress`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `measure_photos_idx` ON `measure_photos` (`progress_id`);--> statement-breakpoint
CREATE TABLE `measure_progress` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`measure_id` text NOT NULL,
	`at` integer NOT NULL,
	`by` text NOT NULL,
	`author_id` text,
	`text` text NOT NULL,
	`percent` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`suggestion` text,
	`source_event_id` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `measure_progress_idx` ON `measure_progress` (`measure_id`,`at`);--> statement-breakpoint
CREATE TABLE `measure_units` (
	`measure_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`measure_id`, `unit_id`),
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `measure_units_unit_idx` ON `measure_units` (`org_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `measures` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`title` text NOT NULL,
	`indicators` text NOT NULL,
	`method` text NOT NULL,
	`start_month` text NOT NULL,
	`end_month` text NOT NULL,
	`kpi` text,
	`budget` real,
	`status` text DEFAULT 'not_started' NOT NULL,
	`percent` integer DEFAULT 0 NOT NULL,
	`last_progress_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `measures_year_idx` ON `measures` (`org_id`,`fiscal_year`);--> statement-breakpoint
ALTER TABLE `users` ADD `display_name` text;