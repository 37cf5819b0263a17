// One record of a table file as the readers hand it over: its cells as text, or why it could not be read.

export type SourceRow =
  | { line: number; cells: string[]; error?: undefined }
  /** `fatal`: the reader stopped there (the rest of the file cannot be read). */
  | { line: number; error: string; raw: string; fatal?: boolean; cells?: undefined };
