/**
 * The service's API as TypeScript types, generated from openapi.json by
 * openapi-typescript. Do not edit: run `npm run client:types` after openapi.json changes.
 */

export interface paths {
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the process answers; the database is not consulted */
    get: operations['HealthController_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: the database answers SELECT 1 within DB_TIMEOUT_MS */
    get: operations['HealthController_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics of this process; no session needed */
    get: operations['MetricsController_scrape'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/zstack/v1/accounts/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** LogInByAccount: issues a session */
    put: operations['AccountController_logIn'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/zstack/v1/accounts/sessions/{uuid}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** LogOut: the session stops working at once */
    delete: operations['AccountController_logOut'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/zstack/v1/accounts/sessions/{uuid}/valid': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** ValidateSession: whether a session is live */
    get: operations['AccountController_validateSession'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/zstack/v1/api-jobs/{uuid}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The outcome of a call made with X-Job-UUID, for the account whose session made it */
    get: operations['ApiJobsController_getApiJob'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/zstack/v1/vm-instances/{uuid}/capabilities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GetVmCapabilities: one VM, in that API's flag names */
    get: operations['VmController_getVmCapabilities'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/zstack/v1/vm-instances/capabilities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GetVmsCapabilities, in the form ZStack 5.x clients send */
    get: operations['VmController_queryVmsCapabilities'];
    put?: never;
    /** GetVmsCapabilities, as documented for ZStack 4.x */
    post: operations['VmController_getVmsCapabilities'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ApiJobLocationDto: {
      /** @example http://localhost:8080/zstack/v1/api-jobs/5d3ab2c1e8f04b7a9c6d2e1f0a9b8c7d */
      location: string;
    };
    ErrorCodeDto: {
      /**
       * @description The root ErrorCode, or null.
       * @example null
       */
      cause: components['schemas']['ErrorCodeDto'] | null;
      /**
       * @description The error code, such as `SYS.1007` or `ID.1001`.
       * @example SYS.1007
       * @enum {string}
       */
      code: 'SYS.1000' | 'SYS.1001' | 'SYS.1003' | 'SYS.1006' | 'SYS.1007' | 'ID.1000' | 'ID.1001';
      /**
       * @description The catalogue's fixed sentence for the code.
       * @example One or more API argument is invalid
       */
      description: string;
      /**
       * @description What went wrong in this call, for a person.
       * @example params.vmUuids must not be empty
       */
      details: string;
      /**
       * @description Reserved by ZStack; always null.
       * @example null
       */
      elaboration: string | null;
      /**
       * @description Reserved by ZStack; always null.
       * @example null
       */
      opaque: Record<string, never> | null;
    };
    ErrorEnvelopeDto: {
      error: components['schemas']['ErrorCodeDto'];
    };
    GetVmsCapabilitiesDto: {
      params: components['schemas']['VmsCapabilitiesParamsDto'];
      /**
       * @description ZStack system tags; a query ignores them except `validationOnly`.
       * @example [
       *       "validationOnly"
       *     ]
       */
      systemTags?: string[];
      /**
       * @description ZStack user tags; a query ignores them.
       * @example []
       */
      userTags?: string[];
    };
    LogInByAccountDto: {
      logInByAccount: components['schemas']['LogInByAccountParamsDto'];
    };
    LogInByAccountParamsDto: {
      /** @example admin */
      accountName: string;
      /**
       * @description What ZStack clients send: the SHA-512 hex digest of the password.
       * @example b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86
       */
      password: string;
    };
    LogInReplyDto: {
      inventory: components['schemas']['SessionInventoryDto'];
    };
    SessionInventoryDto: {
      accountUuid: string;
      /** @example 2026-12-03T16:00:00.000Z */
      createDate: string;
      /** @example 2026-12-03T18:00:00.000Z */
      expiredDate: string;
      userUuid: string;
      /** @description The session uuid, sent back as `Authorization: OAuth <uuid>`. */
      uuid: string;
    };
    SessionValidityDto: {
      valid: boolean;
    };
    VmCapabilitiesDto: {
      /** @description Whether the VM can be live-migrated to another host. */
      supportLiveMigration: boolean;
      /** @description Whether the VM can take a memory snapshot. */
      supportMemorySnapshot: boolean;
      /** @description Whether the VM's root volume can be reimaged from its image. */
      supportReimage: boolean;
      /** @description Whether the VM's volumes can be migrated to another primary storage now. */
      supportVolumeMigration: boolean;
    };
    VmCapabilitiesReplyDto: {
      capabilities: components['schemas']['VmCapabilityFlagsDto'];
    };
    VmCapabilityFlagsDto: {
      LiveMigration: boolean;
      MemorySnapshot: boolean;
      Reimage: boolean;
      VolumeMigration: boolean;
    };
    VmsCapabilitiesParamsDto: {
      /**
       * @description ZStack's Java SDK sends the tags inside `params`; heeded as the top-level ones are.
       * @example [
       *       "validationOnly"
       *     ]
       */
      systemTags?: string[];
      /** @example [] */
      userTags?: string[];
      /**
       * @description The VMs to decide, as ZStack uuids (32 hex characters; the dashed form and
       *     upper case are accepted, and each answer is keyed by the form sent).
       * @example [
       *       "68e8ed0735333faab95816b3e8596cea"
       *     ]
       */
      vmUuids: (string[] | string)[];
    };
    VmsCapabilitiesReplyDto: {
      /**
       * @example {
       *       "68e8ed0735333faab95816b3e8596cea": {
       *         "supportLiveMigration": true,
       *         "supportMemorySnapshot": false,
       *         "supportReimage": true,
       *         "supportVolumeMigration": true
       *       }
       *     }
       */
      vmsCaps: {
        [key: string]: components['schemas']['VmCapabilitiesDto'];
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  HealthController_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The Health Check is successful */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
            /** @example {} */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example ok */
            status?: string;
          };
        };
      };
      /** @description The Health Check is not successful */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "message": "Could not connect",
             *         "status": "down"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
            /**
             * @example {
             *       "redis": {
             *         "message": "Could not connect",
             *         "status": "down"
             *       }
             *     }
             */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example error */
            status?: string;
          };
        };
      };
    };
  };
  HealthController_ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The Health Check is successful */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
            /** @example {} */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example ok */
            status?: string;
          };
        };
      };
      /** @description The Health Check is not successful */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "message": "Could not connect",
             *         "status": "down"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
            /**
             * @example {
             *       "redis": {
             *         "message": "Could not connect",
             *         "status": "down"
             *       }
             *     }
             */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example error */
            status?: string;
          };
        };
      };
    };
  };
  MetricsController_scrape: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus's text format */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain; version=0.0.4; charset=utf-8': string;
        };
      };
    };
  };
  AccountController_logIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LogInByAccountDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LogInReplyDto'];
        };
      };
      /** @description ID.1001 when the Authorization header is missing or neither OAuth nor ZStack; SYS.1007 when the body is not JSON */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1007: the body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1006: too many failed logins for the account or from the address; see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description every API error, as ZStack answers: ID.1001 invalid session or access key signature, SYS.1007 invalid argument, SYS.1003 VM not found, SYS.1001 database timeout, SYS.1000 internal error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
    };
  };
  AccountController_logOut: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        uuid: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description an empty object */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      /** @description ID.1001 when the Authorization header is missing or neither OAuth nor ZStack; SYS.1007 when the body is not JSON */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1007: the body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1006: over a rate limit, per session or per address */
      429: {
        headers: {
          /** @description seconds until a call is accepted again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description every API error, as ZStack answers: ID.1001 invalid session or access key signature, SYS.1007 invalid argument, SYS.1003 VM not found, SYS.1001 database timeout, SYS.1000 internal error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
    };
  };
  AccountController_validateSession: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        uuid: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionValidityDto'];
        };
      };
      /** @description ID.1001 when the Authorization header is missing or neither OAuth nor ZStack; SYS.1007 when the body is not JSON */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1007: the body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1006: over a rate limit, per session or per address */
      429: {
        headers: {
          /** @description seconds until a call is accepted again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description every API error, as ZStack answers: ID.1001 invalid session or access key signature, SYS.1007 invalid argument, SYS.1003 VM not found, SYS.1001 database timeout, SYS.1000 internal error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
    };
  };
  ApiJobsController_getApiJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the X-Job-UUID the call was made with (the dashed form is accepted) */
        uuid: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the call's result, as it would have answered without X-Job-UUID */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VmsCapabilitiesReplyDto'];
        };
      };
      /** @description ID.1001: the Authorization header is missing or not OAuth */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1003: the job is unknown, expired, or made by another account */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description the call's error (SYS.1007, SYS.1003, SYS.1001, SYS.1000); ID.1001 for an invalid session; SYS.1007 for a path that is not a uuid */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
    };
  };
  VmController_getVmCapabilities: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        uuid: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VmCapabilitiesReplyDto'];
        };
      };
      /** @description ID.1001 when the Authorization header is missing or neither OAuth nor ZStack; SYS.1007 when the body is not JSON */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1007: the body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1006: over a rate limit, per session or per address */
      429: {
        headers: {
          /** @description seconds until a call is accepted again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description every API error, as ZStack answers: ID.1001 invalid session or access key signature, SYS.1007 invalid argument, SYS.1003 VM not found, SYS.1001 database timeout, SYS.1000 internal error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
    };
  };
  VmController_queryVmsCapabilities: {
    parameters: {
      query: {
        /** @description repeated or indexed, as vmUuids; `validationOnly` runs every check and answers `{"vmsCaps":{}}`, other tags are ignored */
        systemTags?: string[];
        /** @description repeated (`vmUuids=A&vmUuids=B`) or indexed (`vmUuids.0=A&vmUuids.1=B`) */
        vmUuids: string[];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VmsCapabilitiesReplyDto'];
        };
      };
      /** @description ID.1001 when the Authorization header is missing or neither OAuth nor ZStack; SYS.1007 when the body is not JSON */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1007: the body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1006: over a rate limit, per session or per address */
      429: {
        headers: {
          /** @description seconds until a call is accepted again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description every API error, as ZStack answers: ID.1001 invalid session or access key signature, SYS.1007 invalid argument, SYS.1003 VM not found, SYS.1001 database timeout, SYS.1000 internal error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
    };
  };
  VmController_getVmsCapabilities: {
    parameters: {
      query?: never;
      header?: {
        /** @description answer as a job: 202 with the location to poll (GET /zstack/v1/api-jobs/{uuid}); a uuid of 32 hex characters (the dashed form is accepted), as ZStack SDKs send with every call. Without it, the call answers at once */
        'X-Job-UUID'?: string;
        /** @description sent by ZStack SDKs; ignored */
        'X-JSON-Schema'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['GetVmsCapabilitiesDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VmsCapabilitiesReplyDto'];
        };
      };
      /** @description with X-Job-UUID: the call's outcome is stored for GET on location; errors other than a missing or invalid session, or a body that is not JSON, are read there */
      202: {
        headers: {
          /** @description the same location */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiJobLocationDto'];
        };
      };
      /** @description ID.1001 when the Authorization header is missing or neither OAuth nor ZStack; SYS.1007 when the body is not JSON */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1007: the body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description SYS.1006: over a rate limit, per session or per address */
      429: {
        headers: {
          /** @description seconds until a call is accepted again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
      /** @description every API error, as ZStack answers: ID.1001 invalid session or access key signature, SYS.1007 invalid argument, SYS.1003 VM not found, SYS.1001 database timeout, SYS.1000 internal error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelopeDto'];
        };
      };
    };
  };
}
