// Lets plain `tsc` type-check .ts files that import components; svelte-check checks the components.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<Record<string, unknown>>;
  export default component;
}
