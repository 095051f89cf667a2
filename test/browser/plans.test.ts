/**
 * The annual plan and the activities in the console, in headless Chromium against `npm start`'s
 * runtime: Sở Tài chính drafts next year's plan from this year's approved one, a department writes
 * its contribution (on a phone-width screen, errors shown under the inputs they name), so does a
 * business association (which sees no registry, programme or application page), Sở Tài chính
 * takes the proposals into the targets' allocations and submits, is told why it may not approve its
 * own submission (the API's 403), a second officer approves, the plans page lists it approved and
 * the dashboard's breakdown shows the department's allocated goal. Then an officer records an
 * activity, uploads an attendance CSV — first a wrong one, refused with each bad row's reasons, then
 * a right one, with a progress bar — and sees it listed, as Sở Tài chính does. Every page visited
 * is scanned with axe-core (no serious or critical violation).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { thisYear } from '../support/clock.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { launchChromium } from './chromium.ts';
import { type Account, expectAccessible, signInWith, textOf, until, visible } from './console-pages.ts';

const base = inject('consoleRuntime').url;
const year = thisYear();
const nextYear = year + 1;

let browser: Browser;
let close: () => Promise<void>;

/** A fresh browser session (its own sessionStorage) signed in through the local sign-in page. */
const signIn = (account: Account, viewport?: { width: number; height: number }): Promise<Page> =>
  signInWith(browser, base, account, viewport);

const PHONE = { width: 390, height: 844 };

/** The page scrolls no wider than the screen (wide tables scroll inside their own region). */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
}

const stc1 = { agency: 'so-tai-chinh', roles: ['officer'], sub: 'stc-drafter' };
const stc2 = { agency: 'so-tai-chinh', roles: ['officer'], sub: 'stc-approver' };
const department = { agency: 'so-cong-thuong', roles: ['officer'], sub: 'sct-planner' };
let approvedThisYear: string;
let planId: string;

beforeAll(async () => {
  ({ browser, close } = await launchChromium());
  // The runtime seeds this year's plan, approved, on start-up.
  const token = await tokenFor(stc1);
  approvedThisYear = await eventually(
    async () => {
      const r = await call(base, 'GET', `/plans?year=${year}`, { token });
      return r.body.items?.find((p: { status: string }) => p.status === 'approved')?.id;
    },
    // Under load the demo data (2,000 enterprises) may keep the runtime busy for minutes.
    300_000,
    1000,
  );
}, 330_000);

afterAll(async () => {
  await close?.();
});

describe('the annual plan', () => {
  it('Sở Tài chính drafts next year’s plan from this year’s approved one', async () => {
    const page = await signIn(stc1);
    await page.getByRole('link', { name: 'Kế hoạch năm' }).click();
    await visible(page.locator(`[data-testid=plans] tr[data-plan="${approvedThisYear}"][data-status=approved]`));
    await page.locator('input[name=year]').fill(String(nextYear));
    await page.locator('select[name=basedOn]').selectOption(approvedThisYear);
    await expectAccessible(page, 'plans');
    await page.getByRole('button', { name: 'Lập dự thảo' }).click();
    await page.waitForURL(/#\/plans\/[0-9a-f-]{36}$/);
    planId = page.url().split('/').pop()!;
    await until(textOf(page.getByTestId('plan-status'))).toBe('Dự thảo');
    // The copied targets, each with what it counts, its period, source and (where it is our reading) its assumption.
    const card = page.locator('[data-testid=targets] [data-target=indirect-support]');
    await until(textOf(card)).toContain(`năm ${nextYear}`);
    expect(await page.locator('[data-testid^=assumption-]').count()).toBeGreaterThan(0);
    // One draft a year: a second is refused, and the console links the open one.
    await page.goto(`${base}/#/plans`);
    await page.locator('input[name=year]').fill(String(nextYear));
    await page.getByRole('button', { name: 'Lập dự thảo' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Xung đột' }));
    await visible(page.getByRole('link', { name: 'Mở dự thảo đang lập của năm này' }));
    await page.context().close();
  });

  it('a department writes its contribution on a phone, with the API’s errors under the inputs', async () => {
    const page = await signIn(department, PHONE);
    await page.goto(`${base}/#/plans/${planId}`);
    const editor = page.getByTestId('contribution-editor');
    await visible(editor);
    await editor.getByRole('button', { name: 'Thêm hoạt động' }).click();
    await editor.locator('select[name="activities.0.kind"]').selectOption('training-course');
    await editor.locator('input[name="activities.0.expected"]').fill('200');
    await editor.locator('[data-planned-activity=a1] input[type=checkbox][value=indirect-support]').check();
    for (const month of ['3', '9']) await editor.locator(`[data-planned-activity=a1] input[type=checkbox][value="${month}"]`).check();
    await editor.getByRole('button', { name: 'Thêm đề xuất' }).click();
    await editor.locator('select[name="allocations.0.targetId"]').selectOption('indirect-support');
    await editor.locator('input[name="allocations.0.goal"]').fill('150');
    // The activity has no title yet: the API says so, under the title's input.
    await editor.getByRole('button', { name: 'Lưu phần đóng góp' }).click();
    await visible(editor.locator('[data-field-error="activities.0.title"]'));
    expect(await editor.locator('input[name="activities.0.title"]').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'contribution with errors');
    await expectNoSidewaysScroll(page);

    await editor.locator('input[name="activities.0.title"]').fill('Khoá đào tạo quản trị cho DNNVV');
    await editor.locator('input[name=status]').check();
    await editor.getByRole('button', { name: 'Lưu phần đóng góp' }).click();
    await visible(editor.getByRole('status').filter({ hasText: 'Đã lưu phần đóng góp' }));
    await expectNoSidewaysScroll(page);
    await page.context().close();
  });

  it('a business association writes its own contribution (after a conflict, reloaded), and sees no registry, programme or application page', async () => {
    const page = await signIn({ agency: 'hh-dnnvv-hn', roles: ['officer'], sub: 'hh-planner' }, PHONE);
    await visible(page.getByRole('link', { name: 'Kế hoạch năm' }));
    expect(await page.getByRole('link', { name: 'Chương trình' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Hồ sơ' }).count()).toBe(0);
    await page.goto(`${base}/#/plans/${planId}`);
    const editor = page.getByTestId('contribution-editor');
    await until(textOf(editor.locator('h2'))).toContain('Hiệp hội DNNVV Hà Nội');
    const propose = async () => {
      await editor.getByRole('button', { name: 'Thêm đề xuất' }).click();
      await editor.locator('select[name="allocations.0.targetId"]').selectOption('indirect-support');
      await editor.locator('input[name="allocations.0.goal"]').fill('40');
      await editor.getByRole('button', { name: 'Lưu phần đóng góp' }).click();
    };
    // The department saves its part again meanwhile: the plan's revision moves, and the
    // association's save, made on the revision it read, is refused and shown as a conflict.
    const token = await tokenFor(department);
    const plan = await call(base, 'GET', `/plans/${planId}`, { token });
    const own = plan.body.contributions.find((c: { agency: string }) => c.agency === 'so-cong-thuong');
    const again = await call(base, 'PUT', `/plans/${planId}/contributions/so-cong-thuong`, {
      token,
      headers: { 'if-match': `"${plan.body.revision}"` },
      body: { activities: own.activities, allocations: own.allocations, status: own.status },
    });
    expect(again.status).toBe(200);
    await propose();
    await visible(editor.getByTestId('conflict'));
    await expectAccessible(page, 'contribution conflict');
    // Reloading starts the editor again from the newer revision: the unsaved proposal is gone, to be made again.
    await editor.getByTestId('conflict').getByRole('button').click();
    await until(() => editor.locator('input[name="allocations.0.goal"]').count()).toBe(0);
    await propose();
    await visible(editor.getByRole('status').filter({ hasText: 'Đã lưu phần đóng góp' }));
    // A draft's contributions are each contributor's own: the department's is not shown to it.
    expect(await page.locator('[data-contributor=so-cong-thuong]').count()).toBe(0);
    await expectAccessible(page, 'contribution of an association');
    await expectNoSidewaysScroll(page);
    await page.context().close();
  });

  it('Sở Tài chính takes the proposal into the allocations, submits, and may not approve its own submission', async () => {
    const page = await signIn(stc1);
    await page.goto(`${base}/#/plans/${planId}`);
    await visible(page.locator('[data-testid=contributions] [data-contributor=so-cong-thuong]'));
    await until(textOf(page.locator('[data-contributor=so-cong-thuong] td[data-months]'))).toBe('3, 9');
    await page.getByRole('button', { name: /Lấy phân bổ từ đề xuất/ }).click();
    const allocation = page.locator('[data-target=indirect-support] [data-allocation="so-cong-thuong|"]');
    await visible(allocation);
    expect(await allocation.locator('input[type=number]').inputValue()).toBe('150');
    expect(await page.locator('[data-target=indirect-support] [data-allocation="hh-dnnvv-hn|"] input[type=number]').inputValue()).toBe(
      '40',
    );
    await page.getByRole('button', { name: 'Lưu chỉ tiêu và phân bổ' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Đã lưu' }));
    await expectAccessible(page, 'plan draft (Sở Tài chính)');

    await page.getByRole('button', { name: 'Trình phê duyệt' }).click();
    await until(textOf(page.getByTestId('plan-status'))).toBe('Đã trình');
    await until(textOf(page.getByTestId('four-eyes'))).toContain('một cán bộ khác của Sở Tài chính phải phê duyệt');
    // Four eyes: the API refuses, and the console shows its reason.
    await page.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Không được phép' });
    await visible(refusal);
    expect(await refusal.innerText()).toContain('four eyes');
    await until(textOf(page.getByTestId('plan-status'))).toBe('Đã trình');
    await expectAccessible(page, 'plan submitted, refused to its submitter');
    await page.context().close();
  });

  it('a second officer approves it; the plans page lists it approved and the dashboard shows the allocated goal', async () => {
    const page = await signIn(stc2);
    await page.goto(`${base}/#/plans/${planId}`);
    await until(textOf(page.getByTestId('four-eyes'))).toContain('Bạn có thể phê duyệt');
    await page.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
    await until(textOf(page.getByTestId('plan-status'))).toBe('Đã phê duyệt');
    await until(textOf(page.getByTestId('approved-by'))).toContain('stc-approver');
    await until(textOf(page.locator('[data-target=indirect-support]'))).toContain('Sở Công Thương');
    await expectAccessible(page, 'plan approved');

    await page.goto(`${base}/#/plans`);
    await page.locator('select[name=year]').selectOption(String(nextYear));
    await visible(page.locator(`[data-testid=plans] tr[data-plan="${planId}"][data-status=approved]`));

    // Reporting reads the approved plan from its event: the department's breakdown shows its allocated goal.
    await page.goto(`${base}/#/`);
    await page.locator('label.inline', { hasText: 'Năm' }).first().locator('select').selectOption(String(nextYear));
    await page.locator('select[name=breakdown]').selectOption('agency:so-cong-thuong');
    const allocated = page.locator('[data-testid=breakdown-kpis] [data-target=indirect-support]');
    await expect
      .poll(
        async () => {
          const text = await textOf(allocated)();
          if (!text.includes('150')) {
            await page.locator('select[name=breakdown]').selectOption('');
            await page.locator('select[name=breakdown]').selectOption('agency:so-cong-thuong');
          }
          return text;
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toMatch(/\/\s*150/);
    await expectAccessible(page, 'dashboard breakdown');
    await page.context().close();
  });
});

describe('activities', () => {
  const officer = { agency: 'so-cong-thuong', roles: ['officer'], sub: 'sct-events' };
  let activityId: string;

  it('an officer records an activity and uploads its attendance as CSV: refused with each bad row, then recorded', async () => {
    const page = await signIn(officer);
    await page.getByRole('link', { name: 'Hoạt động', exact: true }).click();
    const form = page.getByTestId('new-activity');
    await form.locator('select[name=kind]').selectOption('training-course');
    await form.locator('input[name=title]').fill('Tập huấn chuyển đổi số cho DNNVV');
    await expectAccessible(page, 'activities');
    await form.getByRole('button', { name: 'Ghi hoạt động' }).click();
    await page.waitForURL(/#\/activities\/[0-9a-f-]{36}$/);
    activityId = page.url().split('/').pop()!;

    const upload = async (name: string, csv: string) => {
      await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.evaluate(`window.sawProgress = false; new MutationObserver(() => {
        if (document.querySelector('[data-testid=upload-progress]')) window.sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true })`);
      await page.getByRole('button', { name: 'Tải lên', exact: true }).click();
      await until(
        () =>
          page
            .getByTestId('upload-job')
            .getAttribute('data-status', { timeout: 1000 })
            .catch(() => null),
        60_000,
      ).toMatch(/^(completed|rejected|failed)$/);
      expect(await page.evaluate('window.sawProgress')).toBe(true);
    };

    await upload('sai.csv', 'taxCode,role,headCount\n0101234567,ceo,\n12345,worker,\n,chef,3\n');
    expect(await page.getByTestId('upload-job').getAttribute('data-status')).toBe('rejected');
    const errors = page.getByTestId('upload-errors');
    await until(textOf(errors.locator('tr[data-row="2"]'))).toContain('taxCode');
    await until(textOf(errors.locator('tr[data-row="3"]'))).toContain('role');
    await expectAccessible(page, 'activity with a rejected upload');
    await until(textOf(page.getByTestId('attendance-rows'))).toBe('0');

    await upload(
      'danh-sach.csv',
      [
        'taxCode,organisationName,organisationKind,role,headCount',
        '0101234567,,,ceo,',
        '0109876543,,,worker,',
        ',,,worker,25',
        ',Quatest 1,conformity-body,expert,',
      ].join('\n'),
    );
    expect(await page.getByTestId('upload-job').getAttribute('data-status')).toBe('completed');
    await until(textOf(page.getByTestId('attendance-rows'))).toBe('4');
    await until(textOf(page.getByTestId('count-enterprises'))).toBe('2');
    await until(textOf(page.getByTestId('count-heads'))).toContain('28');
    await until(textOf(page.getByTestId('count-organisations'))).toBe('1');

    // A row typed in: a head count, marked as such.
    const rows = page.getByTestId('attendance-form');
    await rows.locator('select[name="rows.0.role"]').selectOption('ceo');
    await rows.locator('input[name="rows.0.headCount"]').fill('2');
    await rows.getByRole('button', { name: 'Ghi các dòng' }).click();
    await until(textOf(page.getByTestId('attendance-rows'))).toBe('5');
    await until(textOf(page.getByTestId('count-heads'))).toContain('30');

    await page.getByRole('button', { name: 'Hoàn thành và tính số liệu' }).click();
    await until(() => page.getByTestId('activity').getAttribute('data-status')).toBe('completed');
    await expectAccessible(page, 'activity completed');

    await page.getByRole('link', { name: '← Danh sách hoạt động' }).click();
    await visible(page.locator(`[data-testid=activities] tr[data-activity="${activityId}"][data-status=completed]`));
    await page.context().close();
  });

  it('Sở Tài chính sees every agency’s activities; another department does not see this one', async () => {
    const coordinator = await signIn({ agency: 'so-tai-chinh', roles: ['viewer'], sub: 'stc-viewer' });
    await coordinator.goto(`${base}/#/activities`);
    await visible(coordinator.locator(`[data-testid=activities] tr[data-activity="${activityId}"]`));
    await coordinator.context().close();

    const other = await signIn({ agency: 'so-khcn', roles: ['officer'], sub: 'khcn-1' }, PHONE);
    await other.goto(`${base}/#/activities`);
    await visible(other.getByTestId('new-activity'));
    await until(() => other.locator(`tr[data-activity="${activityId}"]`).count()).toBe(0);
    await other.goto(`${base}/#/activities/${activityId}`);
    await visible(other.getByRole('heading', { name: 'Không tìm thấy' }));
    await expectNoSidewaysScroll(other);
    // The dashboard's breakdown at phone width: the department's own figures.
    await other.goto(`${base}/#/`);
    await other.locator('select[name=breakdown]').selectOption('agency:so-khcn');
    await visible(other.locator('[data-testid=breakdown-kpis] li').first());
    await expectNoSidewaysScroll(other);
    await expectAccessible(other, 'dashboard breakdown at phone width');
    await other.context().close();
  });
});
