// Every Worker test starts from an empty local KV: no test depends on another's writes.
import { beforeEach } from 'vitest';
import { reset } from 'cloudflare:test';

beforeEach(async () => {
  await reset();
});
