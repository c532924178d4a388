// Every table in the platform (control-plane) database. drizzle-kit reads this file.
export { operatorAudit, schoolHostnames, schools, tenantApplications } from '../../modules/tenancy/schema.ts';
export {
  authHandoffs,
  authSessions,
  authStates,
  identityLinks,
  magicLinkTokens,
  userSchoolPreferences,
  users,
} from '../../modules/identity/schema.ts';
export { mailOutbox } from '../../modules/mail/schema.ts';
export { deadLetters } from '../../modules/jobs/schema.ts';
export { stripeAccountRoutes, stripeWebhookInbox } from '../../modules/commerce/schema.ts';
export { domainVerifications } from '../../modules/domains/schema.ts';
