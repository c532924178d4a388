CREATE TABLE `bookmarks` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`user_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookmarks_user_lesson_idx` ON `bookmarks` (`school_id`,`user_id`,`lesson_id`);--> statement-breakpoint
CREATE TABLE `chapters` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`course_id` text NOT NULL,
	`title` text NOT NULL,
	`position` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`release_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `chapters_course_idx` ON `chapters` (`school_id`,`course_id`,`position`);--> statement-breakpoint
CREATE TABLE `courses` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`cover_image_key` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`access_level` text DEFAULT 'free' NOT NULL,
	`price_cents` integer,
	`currency` text DEFAULT 'usd' NOT NULL,
	`created_by` text NOT NULL,
	`published_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `courses_school_slug_idx` ON `courses` (`school_id`,`slug`);--> statement-breakpoint
CREATE INDEX `courses_school_status_idx` ON `courses` (`school_id`,`status`);--> statement-breakpoint
CREATE TABLE `entitlements` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`user_id` text NOT NULL,
	`type` text DEFAULT 'course' NOT NULL,
	`course_id` text,
	`source` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `entitlements_user_idx` ON `entitlements` (`school_id`,`user_id`,`course_id`);--> statement-breakpoint
CREATE TABLE `lesson_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`user_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`body` text NOT NULL,
	`video_position_seconds` real,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE INDEX `lesson_notes_user_idx` ON `lesson_notes` (`school_id`,`user_id`,`lesson_id`);--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`course_id` text NOT NULL,
	`chapter_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`video_ref` text,
	`attachments` text DEFAULT '[]' NOT NULL,
	`position` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`is_preview` integer DEFAULT false NOT NULL,
	`is_required` integer DEFAULT true NOT NULL,
	`estimated_minutes` integer,
	`release_at` integer,
	`release_after_days` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE INDEX `lessons_course_idx` ON `lessons` (`school_id`,`course_id`,`chapter_id`,`position`);--> statement-breakpoint
CREATE TABLE `transcripts` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`language` text NOT NULL,
	`cues` text NOT NULL,
	`plain_text` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transcripts_lesson_language_idx` ON `transcripts` (`school_id`,`lesson_id`,`language`);--> statement-breakpoint
CREATE TABLE `user_progress` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`completed_at` integer,
	`last_position_seconds` real DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_progress_lesson_idx` ON `user_progress` (`school_id`,`user_id`,`lesson_id`);--> statement-breakpoint
CREATE INDEX `user_progress_course_idx` ON `user_progress` (`school_id`,`user_id`,`course_id`);