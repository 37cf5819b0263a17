// Typography the renderers share.

/**
 * A unit is not cut after its slash (« 230,8 hab./ » then « km² » on the next line): a word joiner (U+2060, in DejaVu,
 * drawn with no width) binds « hab./km² », « %/an », « €/m² ». Slashes elsewhere (addresses of sources) still break.
 */
export const bindUnits = (s: string): string => s.replace(/\/(?=(?:km²|an|ha|m²)(?![\p{L}\d]))/gu, '/\u2060');
