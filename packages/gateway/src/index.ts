export {
  checkOptions,
  DEFAULT_GATEWAY_PORT,
  DEFAULT_SENDS_PER_MINUTE,
  GatewayConfigError,
  optionsFromEnvironment,
  type GatewayEnvironment,
  type GatewayOptions,
} from "./config.js";
export { createGateway, MAX_BODY_BYTES, startGateway, type GatewayServer } from "./gateway.js";
export { maskForLog } from "./mask.js";
