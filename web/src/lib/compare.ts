// French alphabetical order (accents ignored, « Saint-Béat » after « Saint-Antonin »), as core's compareNames.
export { compareNames as compareFrench } from '../../../src/core/referential/text.js';
