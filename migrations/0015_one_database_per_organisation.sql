-- One database per organisation (issue 16): the organisation is the database, so the per-row
-- org_id (and its foreign key to `organizations`) goes, and the unique keys that began with it are
-- unique on the rest.
--
-- Dropping org_id from a database holding rows of more than one organisation would merge them, so
-- the migration first refuses such a database: the check below fails (naming its constraint), the
-- migration's transaction rolls back and nothing changes. No Prongsai version wrote another
-- organisation's rows into a database, so this only stops a hand-made or mixed-up file; see the
-- README, "Upgrading to one database per organisation".
CREATE TABLE `__organisations_in_rows` (`org_id` text PRIMARY KEY NOT NULL);
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `audit_log`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `invites`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `privacy_erasures`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `reminder_log`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `complaint_categories`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `complaint_contacts`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `complaint_history`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `complaint_photos`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `complaints`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `admin_accounts`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `admin_sessions`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `sign_in_attempts`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `conversations`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `eit_invitations`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `eit_responses`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `inbox_events`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `inbox_watermarks`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `ita_results`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `measure_templates`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `measure_photos`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `measure_progress`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `measure_progress_revisions`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `measure_units`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `measures`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `outbox`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `holidays`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `org_settings`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `units`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `users`;
--> statement-breakpoint
INSERT OR IGNORE INTO `__organisations_in_rows` SELECT DISTINCT `org_id` FROM `metric_counters`;
--> statement-breakpoint
CREATE TABLE `__one_organisation_check` (
	`organisations` integer NOT NULL CONSTRAINT `rows_of_more_than_one_organisation_see_README` CHECK (`organisations` <= 1)
);
--> statement-breakpoint
INSERT INTO `__one_organisation_check` SELECT count(*) FROM `__organisations_in_rows`;
--> statement-breakpoint
DROP TABLE `__organisations_in_rows`;
--> statement-breakpoint
DROP TABLE `__one_organisation_check`;
--> statement-breakpoint
-- Every table is rebuilt without org_id, with foreign keys enforced throughout: D1 keeps them on in
-- every transaction (`PRAGMA foreign_keys` cannot change there, and inside the migrator's
-- transaction it changes nothing on better-sqlite3 either) but lets a transaction defer them to its
-- commit (https://developers.cloudflare.com/d1/sql-api/foreign-keys/). Deferred, SQLite counts the
-- rows that point at a missing parent and refuses the commit unless the count is back to zero:
-- - a table nothing points at is copied into `__new_<table>`, dropped, and the copy renamed
--   (drizzle-kit's rebuild);
-- - a table others point at (units, complaints, measures, measure_progress, admin_accounts) is kept
--   aside in `__old_<table>`, dropped (its children's rows count as pointing at nothing), made again
--   under its own name and filled back from `__old_<table>` (each row put back takes its children's
--   rows off the count). Renaming a copy would leave them counted: a rename moves no rows.
PRAGMA defer_foreign_keys = on;
--> statement-breakpoint
-- The metric triggers (0010) name org_id; they are made again without it at the end.
DROP TRIGGER IF EXISTS `metrics_events_received`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `metrics_events_handled`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `metrics_events_retried`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `metrics_complaints_filed`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `metrics_status_changes`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `metrics_reminders_sent`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `metrics_event_answered`;
--> statement-breakpoint
CREATE TABLE `__new_audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text,
	`detail` text
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`("id", "at", "actor", "action", "subject", "detail") SELECT "id", "at", "actor", "action", "subject", "detail" FROM `audit_log`;--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;--> statement-breakpoint
CREATE INDEX `audit_log_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `__new_invites` (
	`code` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`unit_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_invites`("code", "role", "unit_id", "created_at", "expires_at", "used_at", "used_by") SELECT "code", "role", "unit_id", "created_at", "expires_at", "used_at", "used_by" FROM `invites`;--> statement-breakpoint
DROP TABLE `invites`;--> statement-breakpoint
ALTER TABLE `__new_invites` RENAME TO `invites`;--> statement-breakpoint
CREATE TABLE `__new_privacy_erasures` (
	`line_user_id` text NOT NULL,
	`pseudonym` text NOT NULL,
	`requested_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_privacy_erasures`("line_user_id", "pseudonym", "requested_at") SELECT "line_user_id", "pseudonym", "requested_at" FROM `privacy_erasures`;--> statement-breakpoint
DROP TABLE `privacy_erasures`;--> statement-breakpoint
ALTER TABLE `__new_privacy_erasures` RENAME TO `privacy_erasures`;--> statement-breakpoint
CREATE TABLE `__new_reminder_log` (
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`day` text NOT NULL,
	`sent_at` integer NOT NULL,
	`summary` text NOT NULL,
	PRIMARY KEY(`recipient`, `kind`, `day`)
);
--> statement-breakpoint
INSERT INTO `__new_reminder_log`("recipient", "kind", "day", "sent_at", "summary") SELECT "recipient", "kind", "day", "sent_at", "summary" FROM `reminder_log`;--> statement-breakpoint
DROP TABLE `reminder_log`;--> statement-breakpoint
ALTER TABLE `__new_reminder_log` RENAME TO `reminder_log`;--> statement-breakpoint
CREATE TABLE `__new_complaint_categories` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`unit_id` text NOT NULL,
	`deadline_days` integer NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_complaint_categories`("id", "name", "unit_id", "deadline_days", "sort_order", "active") SELECT "id", "name", "unit_id", "deadline_days", "sort_order", "active" FROM `complaint_categories`;--> statement-breakpoint
DROP TABLE `complaint_categories`;--> statement-breakpoint
ALTER TABLE `__new_complaint_categories` RENAME TO `complaint_categories`;--> statement-breakpoint
CREATE UNIQUE INDEX `complaint_categories_name_uq` ON `complaint_categories` (`name`);--> statement-breakpoint
CREATE TABLE `__new_complaint_contacts` (
	`complaint_id` integer PRIMARY KEY NOT NULL,
	`line_user_id` text NOT NULL,
	`display_name` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_complaint_contacts`("complaint_id", "line_user_id", "display_name", "created_at") SELECT "complaint_id", "line_user_id", "display_name", "created_at" FROM `complaint_contacts`;--> statement-breakpoint
DROP TABLE `complaint_contacts`;--> statement-breakpoint
ALTER TABLE `__new_complaint_contacts` RENAME TO `complaint_contacts`;--> statement-breakpoint
CREATE INDEX `complaint_contacts_user_idx` ON `complaint_contacts` (`line_user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `__new_complaint_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`complaint_id` integer NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`by` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_complaint_history`("id", "complaint_id", "status", "note", "by", "at") SELECT "id", "complaint_id", "status", "note", "by", "at" FROM `complaint_history`;--> statement-breakpoint
DROP TABLE `complaint_history`;--> statement-breakpoint
ALTER TABLE `__new_complaint_history` RENAME TO `complaint_history`;--> statement-breakpoint
CREATE INDEX `complaint_history_idx` ON `complaint_history` (`complaint_id`,`id`);--> statement-breakpoint
CREATE TABLE `__new_complaint_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`complaint_id` integer NOT NULL,
	`kind` text NOT NULL,
	`blob_key` text NOT NULL,
	`content_type` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_complaint_photos`("id", "complaint_id", "kind", "blob_key", "content_type", "created_at") SELECT "id", "complaint_id", "kind", "blob_key", "content_type", "created_at" FROM `complaint_photos`;--> statement-breakpoint
DROP TABLE `complaint_photos`;--> statement-breakpoint
ALTER TABLE `__new_complaint_photos` RENAME TO `complaint_photos`;--> statement-breakpoint
CREATE INDEX `complaint_photos_idx` ON `complaint_photos` (`complaint_id`);--> statement-breakpoint
CREATE TABLE `__old_complaints` AS SELECT * FROM `complaints`;--> statement-breakpoint
DROP TABLE `complaints`;--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
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
	`fixed_confirmed_at` integer,
	`unconfirmed_at` integer,
	`rating` integer,
	`source_event_id` text NOT NULL,
	FOREIGN KEY (`routed_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `complaints`("id", "tracking_code", "track", "fiscal_year", "seq", "category_id", "category", "description", "latitude", "longitude", "address", "status", "routed_unit_id", "anonymous", "created_at", "due_date", "updated_at", "closed_at", "reopen_count", "fixed", "fixed_confirmed_at", "unconfirmed_at", "rating", "source_event_id") SELECT "id", "tracking_code", "track", "fiscal_year", "seq", "category_id", "category", "description", "latitude", "longitude", "address", "status", "routed_unit_id", "anonymous", "created_at", "due_date", "updated_at", "closed_at", "reopen_count", "fixed", "fixed_confirmed_at", "unconfirmed_at", "rating", "source_event_id" FROM `__old_complaints`;--> statement-breakpoint
DROP TABLE `__old_complaints`;--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_code_uq` ON `complaints` (`tracking_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_seq_uq` ON `complaints` (`track`,`fiscal_year`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_event_uq` ON `complaints` (`source_event_id`);--> statement-breakpoint
CREATE INDEX `complaints_status_idx` ON `complaints` (`status`);--> statement-breakpoint
CREATE INDEX `complaints_unit_idx` ON `complaints` (`routed_unit_id`,`status`);--> statement-breakpoint
CREATE TABLE `__old_admin_accounts` AS SELECT * FROM `admin_accounts`;--> statement-breakpoint
DROP TABLE `admin_accounts`;--> statement-breakpoint
CREATE TABLE `admin_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`last_sign_in_at` integer
);
--> statement-breakpoint
INSERT INTO `admin_accounts`("id", "username", "display_name", "password_hash", "created_at", "failed_attempts", "locked_until", "last_sign_in_at") SELECT "id", "username", "display_name", "password_hash", "created_at", "failed_attempts", "locked_until", "last_sign_in_at" FROM `__old_admin_accounts`;--> statement-breakpoint
DROP TABLE `__old_admin_accounts`;--> statement-breakpoint
CREATE UNIQUE INDEX `admin_accounts_username_uq` ON `admin_accounts` (`username`);--> statement-breakpoint
CREATE TABLE `__new_admin_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`account_id` text,
	`via_token` integer DEFAULT false NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `admin_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_admin_sessions`("token_hash", "account_id", "via_token", "csrf_token", "created_at", "expires_at") SELECT "token_hash", "account_id", "via_token", "csrf_token", "created_at", "expires_at" FROM `admin_sessions`;--> statement-breakpoint
DROP TABLE `admin_sessions`;--> statement-breakpoint
ALTER TABLE `__new_admin_sessions` RENAME TO `admin_sessions`;--> statement-breakpoint
CREATE INDEX `admin_sessions_account_idx` ON `admin_sessions` (`account_id`);--> statement-breakpoint
CREATE TABLE `__new_sign_in_attempts` (
	`client_key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_sign_in_attempts`("client_key", "at") SELECT "client_key", "at" FROM `sign_in_attempts`;--> statement-breakpoint
DROP TABLE `sign_in_attempts`;--> statement-breakpoint
ALTER TABLE `__new_sign_in_attempts` RENAME TO `sign_in_attempts`;--> statement-breakpoint
CREATE INDEX `sign_in_attempts_idx` ON `sign_in_attempts` (`client_key`,`at`);--> statement-breakpoint
CREATE TABLE `__new_conversations` (
	`line_user_id` text PRIMARY KEY NOT NULL,
	`flow` text NOT NULL,
	`version` integer NOT NULL,
	`step` text NOT NULL,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_conversations`("line_user_id", "flow", "version", "step", "data", "expires_at", "updated_at") SELECT "line_user_id", "flow", "version", "step", "data", "expires_at", "updated_at" FROM `conversations`;--> statement-breakpoint
DROP TABLE `conversations`;--> statement-breakpoint
ALTER TABLE `__new_conversations` RENAME TO `conversations`;--> statement-breakpoint
CREATE TABLE `__new_eit_invitations` (
	`fiscal_year` integer NOT NULL,
	`line_user_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`fiscal_year`, `line_user_id`)
);
--> statement-breakpoint
INSERT INTO `__new_eit_invitations`("fiscal_year", "line_user_id", "sent_at") SELECT "fiscal_year", "line_user_id", "sent_at" FROM `eit_invitations`;--> statement-breakpoint
DROP TABLE `eit_invitations`;--> statement-breakpoint
ALTER TABLE `__new_eit_invitations` RENAME TO `eit_invitations`;--> statement-breakpoint
CREATE TABLE `__new_eit_responses` (
	`fiscal_year` integer NOT NULL,
	`line_user_id` text NOT NULL,
	`scores` text NOT NULL,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`fiscal_year`, `line_user_id`)
);
--> statement-breakpoint
INSERT INTO `__new_eit_responses`("fiscal_year", "line_user_id", "scores", "answered_at") SELECT "fiscal_year", "line_user_id", "scores", "answered_at" FROM `eit_responses`;--> statement-breakpoint
DROP TABLE `eit_responses`;--> statement-breakpoint
ALTER TABLE `__new_eit_responses` RENAME TO `eit_responses`;--> statement-breakpoint
CREATE TABLE `__new_inbox_events` (
	`id` integer PRIMARY KEY NOT NULL,
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
	`handled_at` integer
);
--> statement-breakpoint
INSERT INTO `__new_inbox_events`("id", "webhook_event_id", "chat_key", "type", "event_at", "payload", "received_at", "status", "attempts", "next_attempt_at", "lease_until", "last_error", "handled_at") SELECT "id", "webhook_event_id", "chat_key", "type", "event_at", "payload", "received_at", "status", "attempts", "next_attempt_at", "lease_until", "last_error", "handled_at" FROM `inbox_events`;--> statement-breakpoint
DROP TABLE `inbox_events`;--> statement-breakpoint
ALTER TABLE `__new_inbox_events` RENAME TO `inbox_events`;--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_event_uq` ON `inbox_events` (`webhook_event_id`);--> statement-breakpoint
CREATE INDEX `inbox_open_idx` ON `inbox_events` (`id`,`chat_key`,`event_at`,`next_attempt_at`,`lease_until`,`status`) WHERE status IN ('pending', 'processing');--> statement-breakpoint
CREATE TABLE `__new_inbox_watermarks` (
	`id` integer PRIMARY KEY NOT NULL,
	`low_id` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_inbox_watermarks`("id", "low_id") SELECT 1, "low_id" FROM `inbox_watermarks`;--> statement-breakpoint
DROP TABLE `inbox_watermarks`;--> statement-breakpoint
ALTER TABLE `__new_inbox_watermarks` RENAME TO `inbox_watermarks`;--> statement-breakpoint
CREATE TABLE `__new_ita_results` (
	`fiscal_year` integer PRIMARY KEY NOT NULL,
	`total` real NOT NULL,
	`level` text,
	`indicators` text NOT NULL,
	`items` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_ita_results`("fiscal_year", "total", "level", "indicators", "items", "updated_at") SELECT "fiscal_year", "total", "level", "indicators", "items", "updated_at" FROM `ita_results`;--> statement-breakpoint
DROP TABLE `ita_results`;--> statement-breakpoint
ALTER TABLE `__new_ita_results` RENAME TO `ita_results`;--> statement-breakpoint
CREATE TABLE `__new_measure_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`indicator` integer NOT NULL,
	`title` text NOT NULL,
	`method` text NOT NULL,
	`unit_name` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_measure_templates`("id", "indicator", "title", "method", "unit_name", "sort_order", "active", "created_at") SELECT "id", "indicator", "title", "method", "unit_name", "sort_order", "active", "created_at" FROM `measure_templates`;--> statement-breakpoint
DROP TABLE `measure_templates`;--> statement-breakpoint
ALTER TABLE `__new_measure_templates` RENAME TO `measure_templates`;--> statement-breakpoint
CREATE TABLE `__new_measure_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`progress_id` text NOT NULL,
	`blob_key` text NOT NULL,
	`content_type` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`progress_id`) REFERENCES `measure_progress`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_measure_photos`("id", "progress_id", "blob_key", "content_type", "created_at") SELECT "id", "progress_id", "blob_key", "content_type", "created_at" FROM `measure_photos`;--> statement-breakpoint
DROP TABLE `measure_photos`;--> statement-breakpoint
ALTER TABLE `__new_measure_photos` RENAME TO `measure_photos`;--> statement-breakpoint
CREATE INDEX `measure_photos_idx` ON `measure_photos` (`progress_id`);--> statement-breakpoint
CREATE TABLE `__old_measure_progress` AS SELECT * FROM `measure_progress`;--> statement-breakpoint
DROP TABLE `measure_progress`;--> statement-breakpoint
CREATE TABLE `measure_progress` (
	`id` text PRIMARY KEY NOT NULL,
	`measure_id` text NOT NULL,
	`at` integer NOT NULL,
	`performed_on` text DEFAULT '' NOT NULL,
	`by` text NOT NULL,
	`author_id` text,
	`text` text NOT NULL,
	`percent` integer NOT NULL,
	`status` text NOT NULL,
	`reason_code` text,
	`reason` text,
	`suggestion` text,
	`source_event_id` text,
	`updated_at` integer,
	`withdrawn_at` integer,
	`withdrawn_by` text,
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `measure_progress`("id", "measure_id", "at", "performed_on", "by", "author_id", "text", "percent", "status", "reason_code", "reason", "suggestion", "source_event_id", "updated_at", "withdrawn_at", "withdrawn_by") SELECT "id", "measure_id", "at", "performed_on", "by", "author_id", "text", "percent", "status", "reason_code", "reason", "suggestion", "source_event_id", "updated_at", "withdrawn_at", "withdrawn_by" FROM `__old_measure_progress`;--> statement-breakpoint
DROP TABLE `__old_measure_progress`;--> statement-breakpoint
CREATE INDEX `measure_progress_idx` ON `measure_progress` (`measure_id`,`at`);--> statement-breakpoint
CREATE INDEX `measure_progress_performed_idx` ON `measure_progress` (`performed_on`);--> statement-breakpoint
CREATE TABLE `__new_measure_progress_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`progress_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`by` text NOT NULL,
	`before` text NOT NULL,
	FOREIGN KEY (`progress_id`) REFERENCES `measure_progress`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_measure_progress_revisions`("id", "progress_id", "kind", "at", "by", "before") SELECT "id", "progress_id", "kind", "at", "by", "before" FROM `measure_progress_revisions`;--> statement-breakpoint
DROP TABLE `measure_progress_revisions`;--> statement-breakpoint
ALTER TABLE `__new_measure_progress_revisions` RENAME TO `measure_progress_revisions`;--> statement-breakpoint
CREATE INDEX `measure_progress_revisions_idx` ON `measure_progress_revisions` (`progress_id`,`at`);--> statement-breakpoint
CREATE TABLE `__new_measure_units` (
	`measure_id` text NOT NULL,
	`unit_id` text NOT NULL,
	PRIMARY KEY(`measure_id`, `unit_id`),
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_measure_units`("measure_id", "unit_id") SELECT "measure_id", "unit_id" FROM `measure_units`;--> statement-breakpoint
DROP TABLE `measure_units`;--> statement-breakpoint
ALTER TABLE `__new_measure_units` RENAME TO `measure_units`;--> statement-breakpoint
CREATE INDEX `measure_units_unit_idx` ON `measure_units` (`unit_id`);--> statement-breakpoint
CREATE TABLE `__old_measures` AS SELECT * FROM `measures`;--> statement-breakpoint
DROP TABLE `measures`;--> statement-breakpoint
CREATE TABLE `measures` (
	`id` text PRIMARY KEY NOT NULL,
	`fiscal_year` integer NOT NULL,
	`title` text NOT NULL,
	`indicators` text NOT NULL,
	`method` text NOT NULL,
	`start_month` text NOT NULL,
	`end_month` text NOT NULL,
	`kpi` text,
	`budget` real,
	`spent` real,
	`units_label` text,
	`analysis` text,
	`archived_at` integer,
	`updated_at` integer,
	`status` text DEFAULT 'not_started' NOT NULL,
	`percent` integer DEFAULT 0 NOT NULL,
	`last_progress_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `measures`("id", "fiscal_year", "title", "indicators", "method", "start_month", "end_month", "kpi", "budget", "spent", "units_label", "analysis", "archived_at", "updated_at", "status", "percent", "last_progress_at", "created_at") SELECT "id", "fiscal_year", "title", "indicators", "method", "start_month", "end_month", "kpi", "budget", "spent", "units_label", "analysis", "archived_at", "updated_at", "status", "percent", "last_progress_at", "created_at" FROM `__old_measures`;--> statement-breakpoint
DROP TABLE `__old_measures`;--> statement-breakpoint
CREATE INDEX `measures_year_idx` ON `measures` (`fiscal_year`);--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to_id` text NOT NULL,
	`reply_token` text,
	`reply_deadline` integer,
	`messages` text NOT NULL,
	`retry_key` text NOT NULL,
	`source_event_id` integer,
	`answers_event_at` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer DEFAULT 0 NOT NULL,
	`last_status` integer,
	`last_error` text,
	`last_attempt_at` integer,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "to_id", "reply_token", "reply_deadline", "messages", "retry_key", "source_event_id", "answers_event_at", "status", "attempts", "next_attempt_at", "lease_until", "last_status", "last_error", "last_attempt_at", "created_at", "sent_at") SELECT "id", "to_id", "reply_token", "reply_deadline", "messages", "retry_key", "source_event_id", "answers_event_at", "status", "attempts", "next_attempt_at", "lease_until", "last_status", "last_error", "last_attempt_at", "created_at", "sent_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
CREATE INDEX `outbox_open_idx` ON `outbox` (`next_attempt_at`) WHERE status IN ('pending', 'sending');--> statement-breakpoint
CREATE INDEX `outbox_open_to_idx` ON `outbox` (`to_id`,`id`) WHERE status IN ('pending', 'sending');--> statement-breakpoint
CREATE TABLE `__new_holidays` (
	`date` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_holidays`("date", "name") SELECT "date", "name" FROM `holidays`;--> statement-breakpoint
DROP TABLE `holidays`;--> statement-breakpoint
ALTER TABLE `__new_holidays` RENAME TO `holidays`;--> statement-breakpoint
CREATE TABLE `__new_org_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_org_settings`("key", "value", "updated_at") SELECT "key", "value", "updated_at" FROM `org_settings`;--> statement-breakpoint
DROP TABLE `org_settings`;--> statement-breakpoint
ALTER TABLE `__new_org_settings` RENAME TO `org_settings`;--> statement-breakpoint
CREATE TABLE `__old_units` AS SELECT * FROM `units`;--> statement-breakpoint
DROP TABLE `units`;--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `units`("id", "name", "created_at") SELECT "id", "name", "created_at" FROM `__old_units`;--> statement-breakpoint
DROP TABLE `__old_units`;--> statement-breakpoint
CREATE UNIQUE INDEX `units_name_uq` ON `units` (`name`);--> statement-breakpoint
CREATE TABLE `__new_users` (
	`line_user_id` text PRIMARY KEY NOT NULL,
	`role` text DEFAULT 'citizen' NOT NULL,
	`unit_id` text,
	`reachable` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`followed_at` integer,
	`unfollowed_at` integer,
	`consented_at` integer,
	`display_name` text
);
--> statement-breakpoint
INSERT INTO `__new_users`("line_user_id", "role", "unit_id", "reachable", "created_at", "last_seen_at", "followed_at", "unfollowed_at", "consented_at", "display_name") SELECT "line_user_id", "role", "unit_id", "reachable", "created_at", "last_seen_at", "followed_at", "unfollowed_at", "consented_at", "display_name" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`);--> statement-breakpoint
CREATE TABLE `__new_metric_counters` (
	`name` text NOT NULL,
	`labels` text DEFAULT '' NOT NULL,
	`value` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`name`, `labels`)
);
--> statement-breakpoint
INSERT INTO `__new_metric_counters`("name", "labels", "value") SELECT "name", "labels", "value" FROM `metric_counters`;--> statement-breakpoint
DROP TABLE `metric_counters`;--> statement-breakpoint
ALTER TABLE `__new_metric_counters` RENAME TO `metric_counters`;
--> statement-breakpoint
-- The metric triggers of 0010, the same without org_id.
-- Counted when an event is first taken up for handling, not in the webhook's own write: the
-- acknowledgement's commit stays as lean as the bare store (every stored event is taken up, once first).
CREATE TRIGGER `metrics_events_received` AFTER UPDATE OF status ON inbox_events
WHEN NEW.status = 'processing' AND NEW.attempts = 1
BEGIN
  INSERT INTO metric_counters (name, labels, value)
  VALUES ('prongsai_webhook_events_received_total', 'type="' || NEW.type || '"', 1)
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_events_handled` AFTER UPDATE OF status ON inbox_events
WHEN NEW.status IN ('done', 'failed') AND OLD.status NOT IN ('done', 'failed')
BEGIN
  INSERT INTO metric_counters (name, labels, value)
  VALUES ('prongsai_webhook_events_handled_total', 'outcome="' || NEW.status || '"', 1)
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_events_retried` AFTER UPDATE OF status ON inbox_events
WHEN NEW.status = 'pending' AND OLD.status = 'processing' AND NEW.last_error IS NOT NULL
BEGIN
  INSERT INTO metric_counters (name, labels, value)
  VALUES ('prongsai_webhook_events_handled_total', 'outcome="retry"', 1)
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_complaints_filed` AFTER INSERT ON complaints
BEGIN
  INSERT INTO metric_counters (name, labels, value)
  VALUES ('prongsai_complaints_filed_total', 'track="' || NEW.track || '"', 1)
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_status_changes` AFTER INSERT ON complaint_history
WHEN NEW.status <> 'received'
BEGIN
  INSERT INTO metric_counters (name, labels, value)
  VALUES ('prongsai_complaint_status_changes_total', 'status="' || NEW.status || '"', 1)
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_reminders_sent` AFTER INSERT ON reminder_log
BEGIN
  INSERT INTO metric_counters (name, labels, value)
  VALUES ('prongsai_reminders_sent_total', 'kind="' || NEW.kind || '"', 1)
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_event_answered` AFTER UPDATE OF status ON outbox
WHEN NEW.status = 'sent' AND OLD.status <> 'sent' AND NEW.answers_event_at IS NOT NULL AND NEW.sent_at IS NOT NULL
BEGIN
  INSERT INTO metric_counters (name, labels, value)
  SELECT 'prongsai_event_answer_seconds_bucket', 'le="' || b.value || '"', 1
  FROM json_each('[0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]') AS b
  WHERE max(0, NEW.sent_at - NEW.answers_event_at) <= b.value * 1000
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
  INSERT INTO metric_counters (name, labels, value)
  VALUES ('prongsai_event_answer_seconds_bucket', 'le="+Inf"', 1)
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
  INSERT INTO metric_counters (name, labels, value)
  VALUES ('prongsai_event_answer_seconds_sum', '', max(0, NEW.sent_at - NEW.answers_event_at) / 1000.0)
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
  INSERT INTO metric_counters (name, labels, value)
  VALUES ('prongsai_event_answer_seconds_count', '', 1)
  ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value;
END;
