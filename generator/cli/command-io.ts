/** Where a command reads and writes: the process, or a test's buffers. */
export interface CommandIO {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}
