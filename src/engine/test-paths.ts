/**
 * Test code holds no customer's data: test and fixture folders and files are left out of a scan by
 * default, as linters of this kind do (`--include-tests` / `tests: include` reads them).
 */

/** Folders of tests, fixtures, stubs and mocks, by name, at any depth. */
const TEST_FOLDERS = new Set(['test', 'tests', '__tests__', 'e2e', 'fixtures', '__fixtures__', 'testdata', 'stubs', 'stub', '__mocks__']);

/** Files of tests by name: `users.test.ts`, `users.spec.js`, `users_test.go`, `test_users.py`. */
const TEST_FILE = /(?:\.(?:test|spec)\.[^/]+|_test\.go|(?:^|\/)test_[^/]+\.py)$/;

/** Why a repository-relative path is test code (`in a test folder "tests/"`), or undefined. */
export function testPathReason(rel: string): string | undefined {
  const parts = rel.split('/');
  const folder = parts.slice(0, -1).find((p) => TEST_FOLDERS.has(p.toLowerCase()));
  if (folder) return `in a test folder "${folder}/"`;
  if (TEST_FILE.test(rel)) return 'a test file';
  return undefined;
}

/** The summary line: how many files were left out and why. */
export function testFilesNote(count: number): string | undefined {
  if (count === 0) return undefined;
  return `${count} test file${count === 1 ? '' : 's'} left out (test, fixture, stub and e2e folders, *.test.* and *.spec.*: they hold no customer's data); --include-tests reads them`;
}
