/** LINE Messaging API platform double: the one import for the product, its tests and simulator mode. */
export {
  createLineDouble,
  type Delivery,
  type DeliveryListener,
  type DoubleStats,
  type FaultSpec,
  type LineDouble,
  type LineDoubleOptions,
  type Profile,
  type RecordedRequest,
  type RichMenuLinks,
} from "./line-double";
export { checkMessageLimits, MESSAGE_LIMITS, validateMessages } from "./message-limits";
export {
  createOpenApiValidator,
  loadMessagingApiSpec,
  type OpenApiValidator,
  type ValidationIssue,
} from "./openapi-validator";
