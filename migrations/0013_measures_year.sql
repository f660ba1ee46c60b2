CREATE TABLE `measure_progress_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`progress_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`by` text NOT NULL,
	`before` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`progress_id`) REFERENCES `measure_progress`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `measure_progress_revisions_idx` ON `measure_progress_revisions` (`progress_id`,`at`);--> statement-breakpoint
ALTER TABLE `measure_progress` ADD `performed_on` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `measure_progress` ADD `reason_code` text;--> statement-breakpoint
ALTER TABLE `measure_progress` ADD `updated_at` integer;--> statement-breakpoint
ALTER TABLE `measure_progress` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `measure_progress` ADD `withdrawn_by` text;--> statement-breakpoint
CREATE INDEX `measure_progress_performed_idx` ON `measure_progress` (`org_id`,`performed_on`);--> statement-breakpoint
ALTER TABLE `measures` ADD `spent` real;--> statement-breakpoint
ALTER TABLE `measures` ADD `units_label` text;--> statement-breakpoint
ALTER TABLE `measures` ADD `analysis` text;--> statement-breakpoint
ALTER TABLE `measures` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `measures` ADD `updated_at` integer;--> statement-breakpoint
-- Entries logged before `performed_on` existed were dated by the day they were saved; Thailand keeps
-- UTC+7 all year (no daylight saving), so that day is `at` shifted by seven hours.
UPDATE `measure_progress` SET `performed_on` = date(`at` / 1000, 'unixepoch', '+7 hours') WHERE `performed_on` = '';
