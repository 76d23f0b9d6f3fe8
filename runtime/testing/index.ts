export type { MockProvider, MockProviderOptions, MockRequest, MockStep, MockTiming } from "./mock-provider.js";
export { startMockProvider } from "./mock-provider.js";
export type { ErrorShape } from "./mock-replies.js";
