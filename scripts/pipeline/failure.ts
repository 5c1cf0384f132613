// One line for whatever ended a command: the message a user can act on, never a stack trace (TENGLONG_DEBUG=1 adds
// the stack for a developer). For build-data it says that the published data is unchanged, which the store guarantees.
const SYSTEM: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EMFILE: 'too many open files',
  ENOENT: 'no such file or folder',
  EISDIR: 'a folder was given where a file is needed',
  ENOTDIR: 'a file was given where a folder is needed',
  EIO: 'an input/output error of the disk',
};

export function describeFailure(e: unknown, command: string | undefined): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  const path = (err as NodeJS.ErrnoException).path;
  let line = code && SYSTEM[code] ? `${SYSTEM[code]}${path ? ` (${path})` : ''}: ${hint(code)}` : err.message.split('\n').join(' | ');
  if (command === 'build-data' || command === 'ensure-data') line += ' — nothing was published; the previous data stays in place';
  if (process.env['TENGLONG_DEBUG'] === '1' && err.stack) line += `\n${err.stack}`;
  return line;
}

function hint(code: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space (a build needs about twice the size of its source files) and run again';
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return 'check that the folders can be written by this user';
    case 'ENOENT':
      return 'check the path';
    default:
      return 'see the path above';
  }
}
