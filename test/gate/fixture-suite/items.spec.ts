// One test per change item and phase it is judged in. GATE_FIXTURE_FAIL=1 makes the CSV test after the cutover
// fail, to compare a NO-GO too.

import { test, expect } from '@playwright/test';
import { CHANGE_ITEMS } from '../../../harness/gate/items.ts';

for (const item of CHANGE_ITEMS) {
  for (const phase of item.phases) {
    test(`${item.ja} ${phase}`, { tag: [item.tag, `@${phase}`] }, () => {
      const broken = process.env.GATE_FIXTURE_FAIL === '1' && item.tag === '@csv' && phase === 'after';
      expect(broken, 'GATE_FIXTURE_FAIL=1 breaks this test on purpose').toBe(false);
    });
  }
}
