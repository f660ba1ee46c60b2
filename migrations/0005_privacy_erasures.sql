CREATE TABLE `privacy_erasures` (
	`org_id` text NOT NULL,
	`line_user_id` text NOT NULL,
	`pseudonym` text NOT NULL,
	`requested_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
