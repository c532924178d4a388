CREATE TABLE `audit_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`actor_user_id` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`metadata` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_logs_school_created_idx` ON `audit_logs` (`school_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `event_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`event_type` text NOT NULL,
	`entity_id` text,
	`metadata` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_logs_school_created_idx` ON `event_logs` (`school_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `org_units` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `org_units_school_idx` ON `org_units` (`school_id`,`parent_id`);--> statement-breakpoint
CREATE TABLE `rate_limit_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`bucket` text NOT NULL,
	`key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_logs_bucket_idx` ON `rate_limit_logs` (`school_id`,`bucket`,`key`);--> statement-breakpoint
CREATE TABLE `school_auth_policies` (
	`school_id` text PRIMARY KEY NOT NULL,
	`allowed_providers` text NOT NULL,
	`allowed_domains` text NOT NULL,
	`require_domain_match` integer DEFAULT false NOT NULL,
	`require_domain_verification` integer DEFAULT false NOT NULL,
	`auto_provision` integer DEFAULT true NOT NULL,
	`domain_role_map` text NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE TABLE `school_memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`user_id` text NOT NULL,
	`user_email` text NOT NULL,
	`role` text DEFAULT 'student' NOT NULL,
	`title_label` text,
	`org_unit_id` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `school_memberships_user_idx` ON `school_memberships` (`school_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `school_memberships_email_idx` ON `school_memberships` (`school_id`,`user_email`);--> statement-breakpoint
CREATE TABLE `school_profiles` (
	`school_id` text PRIMARY KEY NOT NULL,
	`headline` text,
	`welcome_message` text,
	`canary` text NOT NULL,
	`updated_at` integer
);
