// esbuild bundles imported CSS into webview.css next to the script; TypeScript only needs to know the import exists.
declare module '*.css';
