#!/usr/bin/env node
// Entry point of the `socle` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
import '../dist/cli/main.js';
