CREATE TABLE `domain_verifications` (
	`hostname` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`token` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`reason` text,
	`created_at` integer NOT NULL,
	`checked_at` integer,
	`verified_at` integer,
	`expires_at` integer NOT NULL,
	`failing_since` integer,
	`edge_hostname_id` text,
	`edge_hostname_status` text,
	`edge_ssl_status` text,
	FOREIGN KEY (`hostname`) REFERENCES `school_hostnames`(`hostname`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `domain_verifications_school_idx` ON `domain_verifications` (`school_id`);--> statement-breakpoint
CREATE INDEX `domain_verifications_due_idx` ON `domain_verifications` (`status`,`checked_at`);