// Colours and type of the charts, after the French State design system (DSFR): the territory in « bleu France »,
// its references in lighter blues and grey, so the territory stands out in every chart and in print.
// Five series: the territory and up to four references (the EPCI, the département, the région and France).
export const SERIES_COLOURS = ['#000091', '#6a6af4', '#b1b1f9', '#929292', '#3a3a3a'];
export const TEXT_COLOUR = '#161616';
export const MUTED_COLOUR = '#666666';
/** DejaVu Sans ships with the project (npm dejavu-fonts-ttf): PDF, PNG and the browser draw the same glyphs. */
export const CHART_FONT = "'DejaVu Sans', Arial, sans-serif";
export const CHART_FONT_SIZE = 11;
