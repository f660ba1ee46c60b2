ALTER TABLE `complaints` ADD `fixed_confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `complaints` ADD `unconfirmed_at` integer;--> statement-breakpoint
-- Answers given before this column existed: the last change is the nearest known time of the answer.
UPDATE `complaints` SET `fixed_confirmed_at` = `updated_at` WHERE `fixed` = 1;
