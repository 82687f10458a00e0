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
    // `fetch` is looked up at call time, so a test's stub of the global is what the poller uses.
    const run = createRuntime(env).run('cron', new Date(controller.scheduledTime), { fetch: (input, init) => fetch(input, init) });
    ctx.waitUntil(run);
    await run;
  },
} satisfies ExportedHandler<Env>;
