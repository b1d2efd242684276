import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The UI is embedded in the Tauri binary from ui/dist: relative asset paths, no dev server at run time.
export default defineConfig({
  plugins: [svelte()],
  base: './',
  clearScreen: false,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2021', sourcemap: false },
  server: { strictPort: true, host: '127.0.0.1' },
});
