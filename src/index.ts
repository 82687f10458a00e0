/**
 * mergewire Worker entry (edge): HTTP routes (hono) and the cron trigger. Both run the one pipeline.
 */
import { app } from './serve/app';
import type { Env } from './config';
import { createRuntime } from './runtime';

export default {
  fetch: app.fetch,
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    // Time enters the pipeline here, from the schedule, never from the core.
    const run = createRuntime(env).run('cron', new Date(controller.scheduledTime));
    ctx.waitUntil(run);
    await run;
  },
} satisfies ExportedHandler<Env>;
