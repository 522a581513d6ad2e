// A constant rather than an import of package.json: JSON imports need import attributes that not every
// runtime and bundler accepts, and the published files hold only dist/. test/version.test.ts keeps the two equal.
export const VERSION = "1.0.0";
