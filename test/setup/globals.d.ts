declare global {
  var __EMBEDDED_TEST_DATABASE__: { folder: string; stop(): Promise<void> } | undefined;
}

export {};
