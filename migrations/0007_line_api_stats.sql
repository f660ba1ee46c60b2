CREATE TABLE `line_api_stats` (
	`org_id` text NOT NULL,
	`minute` integer NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`total_ms` integer DEFAULT 0 NOT NULL,
	`within_250` integer DEFAULT 0 NOT NULL,
	`within_1000` integer DEFAULT 0 NOT NULL,
	`within_5000` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `minute`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
