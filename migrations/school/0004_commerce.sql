CREATE TABLE `checkout_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`stripe_session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`coupon_redemption_id` text,
	`amount_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkout_sessions_stripe_idx` ON `checkout_sessions` (`school_id`,`stripe_session_id`);--> statement-breakpoint
CREATE INDEX `checkout_sessions_user_idx` ON `checkout_sessions` (`school_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `coupon_offers` (
	`school_id` text NOT NULL,
	`coupon_id` text NOT NULL,
	`offer_id` text NOT NULL,
	PRIMARY KEY(`school_id`, `coupon_id`, `offer_id`)
);
--> statement-breakpoint
CREATE TABLE `coupon_redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`coupon_id` text NOT NULL,
	`user_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`status` text NOT NULL,
	`reserved_until` integer,
	`stripe_checkout_session_id` text,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`redeemed_at` integer
);
--> statement-breakpoint
CREATE INDEX `coupon_redemptions_coupon_idx` ON `coupon_redemptions` (`school_id`,`coupon_id`,`status`);--> statement-breakpoint
CREATE INDEX `coupon_redemptions_session_idx` ON `coupon_redemptions` (`school_id`,`stripe_checkout_session_id`);--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`code` text NOT NULL,
	`discount_type` text NOT NULL,
	`percent_off` integer,
	`amount_off_cents` integer,
	`currency` text DEFAULT 'usd' NOT NULL,
	`usage_limit` integer,
	`expires_at` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`stripe_coupon_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_school_code_idx` ON `coupons` (`school_id`,`code`);--> statement-breakpoint
CREATE TABLE `offer_courses` (
	`school_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`course_id` text NOT NULL,
	PRIMARY KEY(`school_id`, `offer_id`, `course_id`)
);
--> statement-breakpoint
CREATE INDEX `offer_courses_course_idx` ON `offer_courses` (`school_id`,`course_id`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`offer_type` text NOT NULL,
	`price_cents` integer NOT NULL,
	`currency` text DEFAULT 'usd' NOT NULL,
	`billing_interval` text,
	`access_scope` text DEFAULT 'courses' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`stripe_product_id` text,
	`stripe_price_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE INDEX `offers_school_status_idx` ON `offers` (`school_id`,`status`);--> statement-breakpoint
CREATE TABLE `pricing_change_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`current_price_cents` integer NOT NULL,
	`proposed_price_cents` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`decision_note` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pricing_change_requests_offer_idx` ON `pricing_change_requests` (`school_id`,`offer_id`,`status`);--> statement-breakpoint
CREATE TABLE `stripe_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`stripe_account_id` text NOT NULL,
	`charges_enabled` integer DEFAULT false NOT NULL,
	`payouts_enabled` integer DEFAULT false NOT NULL,
	`details_submitted` integer DEFAULT false NOT NULL,
	`last_event_created` integer DEFAULT 0 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_accounts_school_idx` ON `stripe_accounts` (`school_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_accounts_account_idx` ON `stripe_accounts` (`stripe_account_id`);--> statement-breakpoint
CREATE TABLE `stripe_webhook_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`type` text NOT NULL,
	`event_created` integer NOT NULL,
	`processed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stripe_webhook_events_school_idx` ON `stripe_webhook_events` (`school_id`,`processed_at`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`stripe_subscription_id` text NOT NULL,
	`stripe_customer_id` text,
	`user_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`status` text NOT NULL,
	`current_period_end` integer,
	`cancel_at_period_end` integer DEFAULT false NOT NULL,
	`ended_at` integer,
	`last_event_created` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_stripe_idx` ON `subscriptions` (`school_id`,`stripe_subscription_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_user_idx` ON `subscriptions` (`school_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`user_id` text,
	`offer_id` text,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`coupon_id` text,
	`stripe_checkout_session_id` text,
	`stripe_payment_intent_id` text,
	`stripe_invoice_id` text,
	`stripe_charge_id` text,
	`stripe_customer_id` text,
	`stripe_subscription_id` text,
	`receipt_url` text,
	`refund_requested_cents` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_checkout_idx` ON `transactions` (`school_id`,`stripe_checkout_session_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_payment_intent_idx` ON `transactions` (`school_id`,`stripe_payment_intent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_invoice_idx` ON `transactions` (`school_id`,`stripe_invoice_id`);--> statement-breakpoint
CREATE INDEX `transactions_user_idx` ON `transactions` (`school_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `transactions_created_idx` ON `transactions` (`school_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `entitlements` ADD `source_ref` text;--> statement-breakpoint
CREATE INDEX `entitlements_source_idx` ON `entitlements` (`school_id`,`source_ref`);