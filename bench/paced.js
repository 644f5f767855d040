'use strict';
// A fixed request rate with evenly spaced arrivals, for latency at a moderate
// load. autocannon's overallRate lets each connection send its quota for the
// second back to back at the start of every second, so that all connections
// burst together and its latencies are those of a saturated server.
const http = require('node:http');

/**
 * Sends `rate` requests a second for `duration` seconds over at most
 * `connections` keep-alive sockets, cycling through `bodies`. Each latency runs
 * from the moment the request was due, so that a request held back by a busy
 * server or by the sockets all being taken counts its wait.
 */
function paced({ port, path, headers, bodies, rate, duration, connections }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const interval = 1000 / rate;
  const total = Math.round(rate * duration);
  const latencies = [];
  let failed = 0;
  let finished = 0;
  let sent = 0;

  return new Promise((resolve) => {
    const started = performance.now();

    const done = () => {
      finished += 1;

      if (finished === total) {
        agent.destroy();
        resolve({
          latencies,
          total: finished,
          failed,
          seconds: (performance.now() - started) / 1000,
        });
      }
    };

    const send = (index) => {
      const due = started + index * interval;
      const body = bodies[index % bodies.length];
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
          timeout: 30_000,
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) {
              latencies.push(performance.now() - due);
            } else {
              failed += 1;
            }

            done();
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', () => {
        failed += 1;
        done();
      });
      request.end(body);
    };

    const tick = () => {
      const elapsed = performance.now() - started;

      while (sent < total && sent * interval <= elapsed) {
        send(sent);
        sent += 1;
      }

      if (sent < total) {
        setTimeout(tick, Math.max(0, sent * interval - (performance.now() - started)));
      }
    };

    tick();
  });
}

module.exports = { paced };
