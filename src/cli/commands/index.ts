// Every command of the CLI, one file each. A command validates its input, calls one service, presents the result.
import type { Command } from 'commander';
import { registerIndicators } from './indicators.command.js';
import { registerImport } from './import.command.js';
import { registerDatasets } from './datasets.command.js';
import { registerDemo } from './demo.command.js';
import { registerInit } from './init.command.js';
import { registerMap } from './map.command.js';
import { registerPerimeter } from './perimeter.command.js';
import { registerPortrait } from './portrait.command.js';
import { registerReport } from './report.command.js';
import { registerServe } from './serve.command.js';
import { registerSimilar } from './similar.command.js';
import { registerTerritory } from './territory.command.js';
import { registerValue } from './value.command.js';
import { registerValues } from './values.command.js';

export const registerCommands = (program: Command): void => {
  registerInit(program);
  registerTerritory(program);
  registerPerimeter(program);
  registerImport(program);
  registerDatasets(program);
  registerServe(program);
  registerDemo(program);
  registerIndicators(program);
  registerValue(program);
  registerValues(program);
  registerPortrait(program);
  registerSimilar(program);
  registerMap(program);
  registerReport(program);
};
