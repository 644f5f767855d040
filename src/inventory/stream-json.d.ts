// This CommonJS build resolves modules the node10 way, which does not read a package's
// "exports" map; these two entry points of stream-json are declared from its own types.
declare module 'stream-json/filters/pick.js' {
  export { default, pick } from 'stream-json/src/filters/pick.js';
}

declare module 'stream-json/streamers/stream-array.js' {
  export { default, streamArray } from 'stream-json/src/streamers/stream-array.js';
}
