// The console's production build: hashed assets under /assets/ (cached for a year by the portal server),
// one vendor chunk for React so a release that only changes screens keeps the vendor cache warm.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  root: '.',
  base: '/',
  resolve: { conditions: ['development', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (/node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/.test(id)) return 'vendor';
          return undefined;
        },
      },
    },
  },
  server: {
    // `pnpm --filter @harbor/portal dev` against a running suite (npm start): API calls go to the proxy.
    proxy: { '/api': 'http://127.0.0.1:8080', '/c': 'http://127.0.0.1:8080', '/service': 'http://127.0.0.1:8080' },
  },
});
