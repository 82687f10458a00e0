/**
 * The scale benchmark's Worker (bench/scale.ts, the add-100 cases in workerd): the engine in workerd, the runtime the
 * product runs in. `GET /parse` reads the prepared index (bound as the text `PREPARED`) into memory, as a run reads
 * it from KV; `GET /add` then adds the 100 new articles to it and answers the number of stories; any other path
 * answers at once (a round trip's cost). The driver times `/add` from outside: in workerd the clock a Worker reads
 * does not move while it computes.
 */
import { addArticles } from '../src/cluster/cluster-articles';
import type { ClusterIndex } from '../src/cluster/types';
import type { Article } from '../src/model';

interface Env {
  PREPARED: string;
}

let index: ClusterIndex | null = null;
let fresh: Article[] = [];

export default {
  fetch(request: Request, env: Env): Response {
    const path = new URL(request.url).pathname;
    if (path === '/parse') {
      const prepared = JSON.parse(env.PREPARED) as { json: string; fresh: Article[] };
      index = JSON.parse(prepared.json) as ClusterIndex;
      fresh = prepared.fresh;
      return new Response('parsed');
    }
    if (path === '/add') {
      if (!index) return new Response('GET /parse first', { status: 409 });
      const update = addArticles(index, fresh);
      index = null;
      return new Response(String(update.index.stories.length));
    }
    return new Response('ok');
  },
};
