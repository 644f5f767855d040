/**
 * A typed client of the VM capabilities service (ZStack's GetVmsCapabilities), built on
 * openapi-fetch with types generated from the service's OpenAPI document.
 *
 * @packageDocumentation
 */
export {
  accessKeyHeaders,
  accessKeySignature,
  signatureDate,
  signedPath,
} from './access-key-signature';
export type { AccessKey } from './access-key-signature';
export type { components, operations, paths } from './generated/schema';
export { RequestError } from './request-error';
export type { RequestErrorKind } from './request-error';
export { VmCapabilitiesClient } from './vm-capabilities-client';
export type {
  CallOptions,
  RetryEvent,
  SessionInventory,
  VmCapabilities,
  VmCapabilitiesClientOptions,
  VmCapabilityFlags,
} from './vm-capabilities-client';
export { ZStackError } from './zstack-error';
export type { ZStackErrorBody } from './zstack-error';
