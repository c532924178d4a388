CREATE TABLE `stream_preview_clips` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`source_uid` text NOT NULL,
	`seconds` integer NOT NULL,
	`clip_uid` text NOT NULL,
	`status` text DEFAULT 'processing' NOT NULL,
	`error_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stream_preview_clips_source_idx` ON `stream_preview_clips` (`school_id`,`source_uid`,`seconds`);--> statement-breakpoint
CREATE UNIQUE INDEX `stream_preview_clips_clip_idx` ON `stream_preview_clips` (`school_id`,`clip_uid`);--> statement-breakpoint
CREATE INDEX `stream_preview_clips_lesson_idx` ON `stream_preview_clips` (`school_id`,`lesson_id`);