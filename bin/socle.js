#!/usr/bin/env node
// Entry point of the `socle` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
// The server renders pages with React: its production build, unless NODE_ENV says otherwise (the development build
// checks every element and renders the same page two to three times slower).
process.env.NODE_ENV ??= 'production';
await import('../dist/cli/main.js');
