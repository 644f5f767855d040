import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { VmCapabilitiesDto } from './vm/dto/vm-capabilities.dto';

export const DOCS_PATH = 'docs';

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('VM capabilities')
    .setDescription(
      "ZStack's GetVmsCapabilities API: whether each VM can be live-migrated, have its volumes " +
        'migrated, be reimaged and take a memory snapshot. Log in with `PUT /zstack/v1/accounts/login` ' +
        'and send the session as `Authorization: OAuth <sessionUuid>`, or sign each request with an ' +
        "access key as ZStack's SDKs do. Every failure is ZStack's " +
        'error envelope `{"error": {...}}`; API errors are HTTP 503, as ZStack answers them.',
    )
    .setVersion('1')
    // An API key in the Authorization header rather than an HTTP scheme named OAuth:
    // Swagger UI sends only the basic and bearer HTTP schemes, and this way it sends
    // the header as typed, "OAuth <sessionUuid>".
    .addSecurity('OAuth', {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description:
        'Authorization: OAuth <sessionUuid>, from PUT /zstack/v1/accounts/login; type the word ' +
        'OAuth, a space, then the session uuid',
    })
    .addSecurity('ZStack', {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description:
        'Authorization: ZStack <accessKeyId>:<signature>, with a Date header ' +
        '("EEE, dd MMM yyyy HH:mm:ss <zone id>"); the signature is the Base64 of HMAC-SHA1, keyed ' +
        'with the access key secret, over METHOD + "\\n" + Date + "\\n" + "/v1" + the path after /zstack/v1',
    })
    // Either one: a session, or a request signed with an access key.
    .addSecurityRequirements('OAuth')
    .addSecurityRequirements('ZStack')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Named only by a $ref in the reply's additionalProperties, which the scanner does not follow.
    extraModels: [VmCapabilitiesDto],
  });
  // Logging in needs no session; logging out and checking a session name the
  // session in the path, and the uuid is the credential, as in ZStack.
  for (const operation of [
    document.paths['/zstack/v1/accounts/login']?.put,
    document.paths['/zstack/v1/accounts/sessions/{uuid}']?.delete,
    document.paths['/zstack/v1/accounts/sessions/{uuid}/valid']?.get,
  ]) {
    if (operation) {
      operation.security = [];
    }
  }

  return document;
}

/**
 * Swagger UI at /docs and the document at /docs-json. These are plain HTTP
 * routes outside the controllers, so the session guard does not apply to them.
 */
export function setUpSwagger(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
  });
}
