CREATE TABLE `org_unit_members` (
	`school_id` text NOT NULL,
	`org_unit_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`school_id`, `org_unit_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `org_unit_members_user_idx` ON `org_unit_members` (`school_id`,`user_id`);--> statement-breakpoint
ALTER TABLE `org_units` ADD `updated_at` integer;