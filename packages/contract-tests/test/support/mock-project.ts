/** The project id the suites use on the mock; global-setup.ts makes it answer from the contract's examples only. */
export const MOCK_PROJECT_ID = "project-test-00000000-0000-0000-0000-000000000000";
