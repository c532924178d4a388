import { app } from './app.ts';
import { handleQueueBatch } from './modules/jobs/queue.ts';
import { runScheduled } from './modules/jobs/scheduled.ts';
import { assertEnv, EnvError, type Env } from './platform/env.ts';

export default {
  async fetch(request, env, ctx) {
    try {
      assertEnv(env);
    } catch (err) {
      if (!(err instanceof EnvError)) throw err;
      console.error(err.message);
      return Response.json(
        { error: { code: 'MISCONFIGURED', message: 'This deployment is missing configuration; the operator has been told.', requestId: crypto.randomUUID() } },
        { status: 503 },
      );
    }
    return app.fetch(request, env, ctx);
  },

  async queue(batch, env) {
    assertEnv(env);
    await handleQueueBatch(batch, env);
  },

  async scheduled(controller, env, ctx) {
    assertEnv(env);
    ctx.waitUntil(runScheduled(controller, env));
  },
} satisfies ExportedHandler<Env>;
