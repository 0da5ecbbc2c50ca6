import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why each skipped test was skipped: the list reporter shows only that it was. */
export default class SkipReasons implements Reporter {
  private readonly reasons = new Map<string, string[]>();

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    const titles = this.reasons.get(reason) ?? [];
    titles.push(test.title);
    this.reasons.set(reason, titles);
  }

  onEnd(): void {
    for (const [reason, titles] of this.reasons) console.log(`skipped (${titles.length}): ${reason}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
