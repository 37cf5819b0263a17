// The part of unzipper 0.10 (the zip reader exceljs itself uses) that the XLSX reader and the archive reader call;
// the package has no types.
declare module 'unzipper' {
  import type { Readable } from 'node:stream';
  export interface CentralDirectoryFile {
    path: string;
    type: 'File' | 'Directory';
    /** Bytes once inflated, as the archive's central directory declares them. */
    uncompressedSize: number;
    /** Bytes in the archive. */
    compressedSize: number;
    stream(): Readable;
  }
  export interface CentralDirectory {
    files: CentralDirectoryFile[];
  }
  const unzipper: { Open: { file(path: string): Promise<CentralDirectory> } };
  export default unzipper;
}
