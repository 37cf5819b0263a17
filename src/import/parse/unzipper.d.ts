// The part of unzipper 0.10 (the zip reader exceljs itself uses) that the XLSX check calls; the package has no types.
declare module 'unzipper' {
  import type { Readable } from 'node:stream';
  interface CentralDirectoryFile {
    path: string;
    type: 'File' | 'Directory';
    stream(): Readable;
  }
  interface CentralDirectory {
    files: CentralDirectoryFile[];
  }
  const unzipper: { Open: { file(path: string): Promise<CentralDirectory> } };
  export default unzipper;
}
