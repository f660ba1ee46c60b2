CREATE TABLE `ita_results` (
	`org_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`total` real NOT NULL,
	`level` text,
	`indicators` text NOT NULL,
	`items` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `fiscal_year`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `measure_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`indicator` integer NOT NULL,
	`title` text NOT NULL,
	`method` text NOT NULL,
	`unit_name` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
