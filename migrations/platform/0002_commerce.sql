CREATE TABLE `stripe_account_routes` (
	`stripe_account_id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stripe_webhook_inbox` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`account` text,
	`school_id` text,
	`payload` text NOT NULL,
	`event_created` integer NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` integer NOT NULL,
	`enqueued_at` integer,
	`processed_at` integer,
	`replay_requested_at` integer
);
--> statement-breakpoint
CREATE INDEX `stripe_webhook_inbox_status_idx` ON `stripe_webhook_inbox` (`status`,`received_at`);