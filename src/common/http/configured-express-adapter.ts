import { ExpressAdapter } from '@nestjs/platform-express';

import { ServerOptions, createServer } from 'node:http';

import { AppConfig } from '../../config/app-config';

/**
 * Node's HTTP limits, set deliberately rather than left to Node's defaults: the
 * header block's size, how long a client may take to send its headers and its
 * whole request, and how long an idle keep-alive connection stays open. Node
 * checks the two request timeouts on an interval (30 s by default); once a
 * second makes a timeout land within a second of its setting.
 */
export function httpServerOptions(config: AppConfig): ServerOptions {
  return {
    maxHeaderSize: config.MAX_HEADER_BYTES,
    headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: 1000,
    // Node answers an HTTP/1.1 request without a Host header with a bare 400 of
    // its own; the service has no use for the header, so it serves such a request.
    requireHostHeader: false,
  };
}

/**
 * Nest's Express adapter with a server made from those options: Nest itself
 * creates a plain `http.createServer()` and passes no server options through.
 */
export class ConfiguredExpressAdapter extends ExpressAdapter {
  constructor(private readonly serverOptions: ServerOptions) {
    super();
  }

  override initHttpServer(): void {
    this.httpServer = createServer(this.serverOptions, this.getInstance());
  }
}
