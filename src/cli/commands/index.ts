// Every command of the CLI, one file each. A command validates its input, calls one service, presents the result.
import type { Command } from 'commander';
import { registerImport } from './import.command.js';
import { registerDatasets } from './datasets.command.js';
import { registerDemo } from './demo.command.js';
import { registerInit } from './init.command.js';
import { registerPerimeter } from './perimeter.command.js';
import { registerReport } from './report.command.js';
import { registerServe } from './serve.command.js';
import { registerTerritory } from './territory.command.js';

export const registerCommands = (program: Command): void => {
  registerInit(program);
  registerTerritory(program);
  registerPerimeter(program);
  registerImport(program);
  registerDatasets(program);
  registerServe(program);
  registerDemo(program);
  registerReport(program);
};
