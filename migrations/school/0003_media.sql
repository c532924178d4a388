CREATE TABLE `content_protection_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`course_id` text,
	`copy_mode` text,
	`download_mode` text,
	`preview_lesson_limit` integer,
	`preview_video_seconds` integer,
	`updated_by` text,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `content_protection_course_idx` ON `content_protection_policies` (`school_id`,`course_id`) WHERE course_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `content_protection_school_idx` ON `content_protection_policies` (`school_id`) WHERE course_id is null;--> statement-breakpoint
CREATE TABLE `download_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`download_id` text NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `download_tokens_user_idx` ON `download_tokens` (`school_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `downloads` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`course_id` text NOT NULL,
	`lesson_id` text,
	`file_id` text NOT NULL,
	`title` text NOT NULL,
	`price_cents` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `downloads_course_idx` ON `downloads` (`school_id`,`course_id`,`lesson_id`);--> statement-breakpoint
CREATE TABLE `media_files` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`key` text NOT NULL,
	`purpose` text NOT NULL,
	`course_id` text,
	`lesson_id` text,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`status` text DEFAULT 'uploading' NOT NULL,
	`multipart_upload_id` text,
	`etag` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `media_files_key_idx` ON `media_files` (`school_id`,`key`);--> statement-breakpoint
CREATE INDEX `media_files_owner_idx` ON `media_files` (`school_id`,`course_id`,`lesson_id`);--> statement-breakpoint
CREATE TABLE `media_upload_parts` (
	`school_id` text NOT NULL,
	`file_id` text NOT NULL,
	`part_number` integer NOT NULL,
	`etag` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`school_id`, `file_id`, `part_number`)
);
--> statement-breakpoint
CREATE TABLE `stream_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`stream_uid` text,
	`upload_url` text,
	`filename` text NOT NULL,
	`size_bytes` integer,
	`status` text DEFAULT 'uploading' NOT NULL,
	`error_message` text,
	`duration_seconds` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stream_uploads_uid_idx` ON `stream_uploads` (`school_id`,`stream_uid`);--> statement-breakpoint
CREATE INDEX `stream_uploads_lesson_idx` ON `stream_uploads` (`school_id`,`lesson_id`);--> statement-breakpoint
ALTER TABLE `lessons` DROP COLUMN `attachments`;