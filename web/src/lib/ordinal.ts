/** « 1er », « 2e », « 12e ». */
export const ordinal = (n: number): string => (n === 1 ? '1er' : `${n}e`);
