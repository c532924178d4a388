// Every table in a school database; every school database runs the same migrations.
export { orgUnits, schoolProfiles } from '../../modules/tenancy/schema.ts';
export { orgUnitMembers } from '../../modules/org-units/schema.ts';
export { invitations, schoolAuthPolicies, schoolMemberships } from '../../modules/identity/schema.ts';
export { auditLogs, eventLogs, rateLimitLogs } from '../../modules/audit/schema.ts';
export { bookmarks, chapters, courses, entitlements, lessonNotes, lessons, transcripts, userProgress } from '../../modules/courses/schema.ts';
export { contentProtectionPolicies, downloads, downloadTokens, mediaFiles, mediaUploadParts, streamUploads } from '../../modules/media/schema.ts';
export {
  checkoutSessions,
  couponOffers,
  couponRedemptions,
  coupons,
  offerCourses,
  offers,
  pricingChangeRequests,
  stripeAccounts,
  stripeWebhookEvents,
  subscriptions,
  transactions,
} from '../../modules/commerce/schema.ts';
export { streamPreviewClips } from '../../modules/media/stream/schema.ts';
