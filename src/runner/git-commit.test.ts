import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitCommitOf } from './git-commit.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-git-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd })
    .toString()
    .trim();

describe('gitCommitOf', () => {
  it('reads the checked-out commit as git does: loose refs, packed refs, detached HEAD and worktrees', () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'evals'), { recursive: true });
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'evals/a.eval.yaml'), 'name: a\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
    const file = join(repo, 'evals/a.eval.yaml');
    expect(gitCommitOf(file)).toBe(git(repo, 'rev-parse', 'HEAD'));
    git(repo, 'commit', '-qm', 'two', '--allow-empty');
    git(repo, 'pack-refs', '--all');
    expect(gitCommitOf(file)).toBe(git(repo, 'rev-parse', 'HEAD'));
    git(repo, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(gitCommitOf(file)).toBe(git(repo, 'rev-parse', 'HEAD'));
    git(repo, 'checkout', '-q', '-');
    const tree = join(dir, 'tree');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', tree, 'HEAD~1');
    git(tree, 'commit', '-qm', 'three', '--allow-empty');
    expect(gitCommitOf(join(tree, 'evals/a.eval.yaml'))).toBe(git(tree, 'rev-parse', 'HEAD'));
    expect(gitCommitOf(join(tree, 'evals/a.eval.yaml'))).not.toBe(gitCommitOf(file));
  });

  it('is null outside a repository and for a branch with no commit yet', () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    expect(gitCommitOf(join(plain, 'x.eval.yaml'))).toBeNull();
    const fresh = join(dir, 'fresh');
    mkdirSync(fresh);
    git(fresh, 'init', '-q');
    expect(gitCommitOf(join(fresh, 'x.eval.yaml'))).toBeNull();
  });
});
