// Builds the web UI into ui/dist, which `argosy server` serves at `/`.
// TSX goes through esbuild's automatic JSX runtime (no React plugin: no fast refresh needed).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
    chunkSizeWarningLimit: 1000,
  },
  worker: { format: "es" },
  server: { proxy: { "/api": "http://127.0.0.1:2746", "/artifact-files": "http://127.0.0.1:2746" } },
});
