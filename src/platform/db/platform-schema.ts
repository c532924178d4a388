// Every table in the platform (control-plane) database. drizzle-kit reads this file.
export { operatorAudit, schoolHostnames, schools, tenantApplications } from '../../modules/tenancy/schema.ts';
export { authSessions, authStates, identityLinks, userSchoolPreferences, users } from '../../modules/identity/schema.ts';
export { deadLetters } from '../../modules/jobs/schema.ts';
