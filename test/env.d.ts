// Types for the Worker's bindings and main module as the workerd tests see them (`cloudflare:workers`).
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../src/index');
  }
  interface Env extends Omit<import('../src/config').Env, 'MERGEWIRE_KV'> {
    MERGEWIRE_KV: KVNamespace;
  }
}
