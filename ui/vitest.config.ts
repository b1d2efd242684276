import { defineConfig } from 'vitest/config';

// Logic tests only (stores, keyboard, notes, filters, i18n): plain TypeScript in node.
export default defineConfig({
  test: { include: ['tests/unit/**/*.test.ts'], environment: 'node' },
});
