import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * The commit checked out where `file` lives, or null outside a git repository. Read from the
 * repository's files (HEAD, then the loose ref or packed-refs, in a worktree through its
 * common folder): starting `git` costs tens of milliseconds on every run. Whatever the files
 * do not settle (GIT_DIR set, an unborn branch, another ref storage) is asked of git itself.
 */
export function gitCommitOf(file: string): string | null {
  const start = resolve(dirname(file));
  if (process.env.GIT_DIR !== undefined) return gitRevParse(start);
  const gitDir = findGitDir(start);
  if (gitDir === undefined) return null;
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (SHA.test(head)) return head;
    const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
    if (ref !== undefined) {
      const common = commonDirOf(gitDir);
      for (const dir of new Set([gitDir, common])) {
        const loose = readIfExists(join(dir, ref))?.trim();
        if (loose !== undefined && SHA.test(loose)) return loose;
      }
      const packed = readIfExists(join(common, 'packed-refs'));
      const line = packed?.split('\n').find((l) => l.endsWith(` ${ref}`));
      const sha = line?.split(' ')[0];
      if (sha !== undefined && SHA.test(sha)) return sha;
    }
  } catch {
    // An unreadable repository (permissions, a half-written file): git decides below.
  }
  return gitRevParse(start);
}

/** The repository folder of `dir` or its nearest parent: a `.git` folder, or the `gitdir:` a `.git` file names. */
function findGitDir(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const dotGit = join(current, '.git');
    const stat = statSync(dotGit, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return dotGit;
    if (stat?.isFile()) {
      const target = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      return target === undefined ? undefined : resolve(current, target);
    }
    if (dirname(current) === current) return undefined;
  }
}

/** A linked worktree keeps its branches in the main repository's folder, named in `commondir`. */
function commonDirOf(gitDir: string): string {
  const common = readIfExists(join(gitDir, 'commondir'))?.trim();
  return common ? resolve(gitDir, common) : gitDir;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw error;
  }
}

function gitRevParse(cwd: string): string | null {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || null
    );
  } catch {
    return null;
  }
}
