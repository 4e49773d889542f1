// Directory walking for scan: .gitignore at every level (and above the scan root), .git/info/exclude,
// .clawprintignore at the root, hidden files scanned, .git/ never. Trees are built in a temp dir
// because a committed .gitignore would keep its own test files out of the repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { expandInputs } from '../../src/sources/glob.js';
import { readClawprintIgnore, walkIgnoring } from '../../src/sources/ignore.js';
import type { InputIssue } from '../../src/sources/input.js';

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'clawprint-ignore-')));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, ...name.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

async function walk(root: string, start = root): Promise<{ files: string[]; issues: InputIssue[] }> {
  const issues: InputIssue[] = [];
  const files = await walkIgnoring(start, issues, (p) => path.relative(root, p).split(path.sep).join('/'));
  return { files: files.map((f) => path.relative(root, f).split(path.sep).join('/')), issues };
}

describe('walkIgnoring', () => {
  it('honours nested .gitignore files, with negation in a deeper one winning', async () => {
    const root = tree({
      '.gitignore': '*.tmp\nbuild/\n/top-only.txt\n',
      'a.txt': '',
      'x.tmp': '',
      'top-only.txt': '',
      'build/out.txt': '',
      'sub/.gitignore': 'secret.txt\n!keep.tmp\n',
      'sub/secret.txt': '',
      'sub/keep.tmp': '',
      'sub/other.tmp': '',
      'sub/top-only.txt': '',
      'sub/deeper/secret.txt': '',
    });
    const { files } = await walk(root);
    assert.deepEqual(files, ['.gitignore', 'a.txt', 'sub/.gitignore', 'sub/keep.tmp', 'sub/top-only.txt']);
  });

  it('takes an ignore file of comments and blank lines as no rules, and one with an escaped # or a CRLF rule as rules', async () => {
    const root = tree({
      '.gitignore': '# generated\r\n\r\n#*.txt\n\n',
      'a.txt': '',
      '#b.txt': '',
      'sub/.gitignore': '# only the next line is a rule\n\\#b.txt\r\n',
      'sub/#b.txt': '',
      'sub/c.txt': '',
      'crlf/.gitignore': '\r\n*.log\r\n',
      'crlf/d.log': '',
      'crlf/e.txt': '',
    });
    const { files } = await walk(root);
    assert.deepEqual(files, ['#b.txt', '.gitignore', 'a.txt', 'crlf/.gitignore', 'crlf/e.txt', 'sub/.gitignore', 'sub/c.txt']);
  });

  it('scans hidden files and folders but never .git/', async () => {
    const root = tree({ '.env': '', '.openclaw/openclaw.json': '', '.git/config': '', '.git/HEAD': '', 'sub/.git': 'gitdir: ../x\n' });
    const { files } = await walk(root);
    assert.deepEqual(files, ['.env', '.openclaw/openclaw.json']);
  });

  it('applies .clawprintignore at the scan root, before and over .gitignore', async () => {
    const root = tree({
      '.clawprintignore': 'vendor/\n!generated.log\n',
      '.gitignore': '*.log\n',
      'vendor/lib.js': '',
      'generated.log': '',
      'other.log': '',
      'main.js': '',
    });
    const { files } = await walk(root);
    assert.deepEqual(files, ['.clawprintignore', '.gitignore', 'generated.log', 'main.js']);
  });

  it('uses the .gitignore files and info/exclude above a scanned subdirectory', async () => {
    const root = tree({ '.git/info/exclude': 'local.txt\n', '.gitignore': 'dist/\n*.log\n', 'pkg/dist/a.js': '', 'pkg/a.log': '', 'pkg/local.txt': '', 'pkg/src.js': '' });
    const { files } = await walk(root, path.join(root, 'pkg'));
    assert.deepEqual(files, ['pkg/src.js']);
  });

  it('scans a directory named explicitly even when an outer .gitignore ignores it', async () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': 'dist/\n', 'dist/bundle.js': '' });
    const { files } = await walk(root, path.join(root, 'dist'));
    assert.deepEqual(files, ['dist/bundle.js']);
  });

  it('reports a symlink loop once and reads every file once', async () => {
    const root = tree({ 'a/file.txt': '' });
    symlinkSync(path.join(root, 'a'), path.join(root, 'a', 'loop'));
    symlinkSync(path.join(root, 'a', 'file.txt'), path.join(root, 'alias.txt'));
    const { files, issues } = await walk(root);
    assert.deepEqual(files, ['a/file.txt']);
    assert.deepEqual(issues.map((i) => [i.path, i.kind]), [['a/loop', 'directory-loop']]);
  });
});

describe('readClawprintIgnore', () => {
  it('is a predicate over paths relative to the root; no file means nothing ignored', async () => {
    const root = tree({ '.clawprintignore': 'fixtures/\n*.fake\n' });
    const ignored = await readClawprintIgnore(root);
    assert.equal(ignored('fixtures/a/b.txt'), true);
    assert.equal(ignored('x/y.fake'), true);
    assert.equal(ignored('src/a.ts'), false);
    assert.equal((await readClawprintIgnore(tree({})))('anything'), false);
  });
});

describe('expandInputs with ignoreFiles', () => {
  it('walks directories with the ignore rules but reads an explicitly named file anyway', async () => {
    const root = tree({ '.gitignore': '*.log\n', 'a.log': '', 'b.txt': '', '.git/config': '' });
    const { inputs } = await expandInputs([root, path.join(root, 'a.log')], { ignoreFiles: true });
    assert.deepEqual(inputs.map((i) => path.basename(i.absolutePath!)), ['.gitignore', 'b.txt', 'a.log']);
  });

  it('keeps .git/ out of glob results too', async () => {
    const root = tree({ '.git/config': '', 'a.txt': '' });
    const { inputs } = await expandInputs([`${root}/**/*`], { ignoreFiles: true });
    assert.deepEqual(inputs.map((i) => path.basename(i.absolutePath!)), ['a.txt']);
  });
});

describe('a git work tree: tracked files are scanned whatever .gitignore says', () => {
  const git = (root: string, ...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: root, stdio: 'ignore' });
  };
  it('a force-added file in an ignored folder is scanned; its untracked neighbours stay out; .clawprintignore still wins', async () => {
    const root = tree({
      '.gitignore': 'secrets/\n*.env\n',
      '.clawprintignore': 'vendor/\n',
      'secrets/prod.env': 'x\n',
      'secrets/untracked.env': 'x\n',
      'deep/er/forced.env': 'x\n',
      'vendor/lib.env': 'x\n',
      'src/main.js': 'x\n',
    });
    git(root, 'init', '-q');
    git(root, 'add', '.gitignore', 'src/main.js');
    git(root, 'add', '-f', 'secrets/prod.env', 'deep/er/forced.env', 'vendor/lib.env');
    git(root, 'commit', '-qm', 'force-added');
    const { files, issues } = await walk(root);
    assert.deepEqual(files, ['.clawprintignore', '.gitignore', 'deep/er/forced.env', 'secrets/prod.env', 'src/main.js']);
    assert.deepEqual(issues, []);
    // From a subfolder too (git answers relative to where it runs).
    assert.deepEqual((await walk(root, path.join(root, 'deep'))).files, ['deep/er/forced.env']);
  });
  it('a .git that git cannot read is said, never a quiet skip', async () => {
    const root = tree({ '.git/HEAD': 'garbage\n', '.gitignore': '*.env\n', 'a.env': 'x\n' });
    const { files, issues } = await walk(root);
    assert.deepEqual(files, ['.gitignore']);
    assert.deepEqual(issues.map((i) => [i.path, i.kind]), [['', 'tracked-unknown']]);
    assert.match(issues[0]!.message, /^cannot ask git which tracked files \.gitignore matches \(.+\); those files are not scanned$/);
  });
});
