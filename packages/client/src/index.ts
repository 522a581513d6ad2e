export {
  createStytchClient,
  type AcceptUndefined,
  type B2BOtpsSmsAuthenticateRequest,
  type B2BOtpsSmsAuthenticateResponse,
  type B2BOtpsSmsSendRequest,
  type B2BOtpsSmsSendResponse,
  type OtpsAuthenticateRequest,
  type OtpsAuthenticateResponse,
  type OtpsSmsSendRequest,
  type OtpsSmsSendResponse,
  type SendResult,
  type StytchClient,
} from "./client.js";
export {
  isStytchError,
  StytchRequestError,
  type KnownErrorType,
  type StytchError,
  type StytchRequestErrorKind,
} from "./errors.js";
export type { Fetch, RetryOptions, SendOptions, StytchClientOptions } from "./options.js";
