// Preloaded into the Prisma CLI process (never the service): the WebAssembly
// schema engine arms a 10 s timer that would keep each command alive long after
// its work is done. Long timers are unref'd so the command exits when it is done.
const armTimer = globalThis.setTimeout;

globalThis.setTimeout = (handler, delay, ...args) => {
  const timer = armTimer(handler, delay, ...args);

  if ((delay ?? 0) >= 5000) {
    timer.unref();
  }

  return timer;
};
