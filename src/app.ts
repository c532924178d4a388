import { requestId } from 'hono/request-id';
import { brandingRoutes } from './modules/branding/routes.ts';
import { courseAuthoringRoutes } from './modules/courses/routes.ts';
import { transcriptRoutes } from './modules/courses/transcripts/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { loadActor } from './modules/identity/actor.ts';
import { magicLinkRoutes } from './modules/identity/magic-link/routes.ts';
import { oauthRoutes } from './modules/identity/oauth/routes.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { commerceRoutes } from './modules/commerce/routes.ts';
import { learningRoutes } from './modules/learning/routes.ts';
import { domainRoutes } from './modules/domains/routes.ts';
import { downloadRoutes } from './modules/media/downloads/routes.ts';
import { fileRoutes } from './modules/media/files/routes.ts';
import { protectionRoutes } from './modules/media/protection/routes.ts';
import { streamRoutes } from './modules/media/stream/routes.ts';
import { streamWebhookRoutes } from './modules/media/stream/webhook-routes.ts';
import { devMailboxRoutes } from './modules/mail/routes.ts';
import { membersRoutes } from './modules/members/routes.ts';
import { orgUnitRoutes } from './modules/org-units/routes.ts';
import { shellRoutes } from './modules/shell/routes.ts';
import { resolveHost } from './modules/tenancy/middleware.ts';
import { directoryRoutes, schoolRoutes } from './modules/tenancy/routes.ts';
import { NotFound } from './platform/errors.ts';
import { newApp } from './platform/hono.ts';
import { errorResponse } from './platform/http-errors.ts';
import { requireSameOrigin } from './platform/middleware/csrf.ts';
import { securityHeaders } from './platform/middleware/security-headers.ts';

/**
 * The request flow, in order: request id → security headers → hostname → school and its
 * database → CSRF → session (actor) → module routes → SPA shell for other HTML navigations.
 */
export const app = newApp()
  .use(requestId({ generator: () => crypto.randomUUID() }))
  .use(async (c, next) => {
    c.set('now', new Date());
    return next();
  })
  .use(securityHeaders)
  .use(resolveHost)
  .use(requireSameOrigin)
  .use(loadActor)
  .route('/api', healthRoutes)
  .route('/api', schoolRoutes)
  .route('/api', directoryRoutes)
  .route('/api', identityRoutes)
  .route('/', magicLinkRoutes)
  .route('/', oauthRoutes)
  .route('/', membersRoutes)
  .route('/', devMailboxRoutes)
  .route('/', courseAuthoringRoutes)
  .route('/', transcriptRoutes)
  .route('/', learningRoutes)
  .route('/', fileRoutes)
  .route('/', downloadRoutes)
  .route('/', streamRoutes)
  .route('/', protectionRoutes)
  .route('/', streamWebhookRoutes)
  .route('/', orgUnitRoutes)
  .route('/', brandingRoutes)
  .route('/', commerceRoutes)
  .route('/', domainRoutes);

// Paths owned by code never fall through to the SPA shell.
for (const prefix of ['/api/*', '/auth/*', '/files/*', '/media/*', '/webhooks/*', '/__dev/*']) {
  app.all(prefix, () => {
    throw new NotFound('There is nothing at this address.');
  });
}
app.route('/', shellRoutes);

app.notFound((c) => errorResponse(c, new NotFound('There is nothing at this address.')));
app.onError((err, c) => errorResponse(c, err));

export type AppType = typeof app;
