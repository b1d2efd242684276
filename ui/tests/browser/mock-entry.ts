// Browser-test entry: installs the mocked Tauri IPC (an in-memory backend), then starts the app.
import { installMockBackend } from './mock-backend';

installMockBackend();
await import('../../src/main');
