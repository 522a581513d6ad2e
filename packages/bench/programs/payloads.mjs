// The two requests every variant sends, so the three programs differ only in how they call Stytch.

/**
 * @typedef {object} SenderOptions
 * @property {string} projectId
 * @property {string} secret
 * @property {string} baseUrl  Origin of the Stytch API (or of a local stand-in), without a trailing slash.
 *
 * @typedef {object} Sender
 * @property {() => Promise<string>} consumer  Sends a consumer passcode; resolves with the phone id.
 * @property {() => Promise<string>} b2b  Sends a B2B passcode; resolves with the member id.
 */

export const CONSUMER_BODY = { phone_number: "+10000000000", expiration_minutes: 5 };

export const B2B_BODY = {
  organization_id: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
  member_id: "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
};
