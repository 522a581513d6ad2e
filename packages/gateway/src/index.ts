export {
  checkOptions,
  DEFAULT_GATEWAY_PORT,
  DEFAULT_SENDS_PER_MINUTE,
  GatewayConfigError,
  optionsFromEnvironment,
  type GatewayEnvironment,
  type GatewayOptions,
} from "./config.js";
export {
  createGateway,
  DEFAULT_MAX_CONNECTIONS,
  MAX_BODY_BYTES,
  MOCK_MESSAGES_KEPT,
  MOCK_MESSAGES_PATH,
  startGateway,
  type GatewayServer,
} from "./gateway.js";
export { logField, MAX_LOGGED_CHARS, maskForLog } from "./mask.js";
export { createRedactor, REDACTED, type Redactor } from "./redact.js";
