// Browser tests of the configuration screens (views/admin) as the demo administrator: a time
// limit edited in the categories form (and a new case planned with it), a server validation
// error shown on its field, a holiday set in the calendar's month view, an .ics import with its
// result and its conflict, a new user and a new organisation unit moved under another.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startWorld, newPage, login, shot, apiSession, field } from './harness.mjs'

let world
let admin // API session for setting up and checking

before(async () => {
  world = await startWorld()
  admin = await apiSession(world, 'admin')
})
after(async () => {
  await world?.stop()
})

const pad = (n) => String(n).padStart(2, '0')
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`

test('admin edits a time limit in the categories form; it is saved and plans new cases', async () => {
  const page = await newPage(world)
  await login(world, page, 'admin')
  await page.locator('.aside [data-nav="/admin/categories"]').click()
  await page.locator('h1', { hasText: '类别与时限' }).waitFor()
  await field(page, 'category-filter').fill('公共部位紧急')
  // Keyboard: focus the category's tree item and press Enter.
  await page.locator('.el-tree-node', { has: page.locator('[data-category="repair.public_urgent"]') }).last().focus()
  await page.keyboard.press('Enter')
  await page.waitForURL((u) => u.searchParams.has('id'))
  const target = page.locator('[data-test="target-on_site"]')
  const limit = target.locator('[data-test="target-limit"] input, input[data-test="target-limit"]').first()
  assert.equal(await limit.inputValue(), '10m')

  // A limit the server cannot parse: its message lands on the limit field.
  await limit.fill('十分钟')
  await page.locator('[data-test=save-category]').click()
  const error = target.locator('.el-form-item.is-error .el-form-item__error')
  await error.waitFor()
  assert.ok((await error.textContent()).length > 0)
  assert.match(await target.locator('.el-form-item.is-error label').first().textContent(), /时限/)

  await limit.fill('20m')
  await page.locator('[data-test=save-category]').click()
  await page.locator('.el-message--success').first().waitFor()
  await page.locator('[data-category="repair.public_urgent"]', { hasText: '20m' }).waitFor()
  await shot(page, 'admin-categories')

  await page.reload()
  await page.locator('[data-test="target-on_site"] [data-test="target-limit"] input, input[data-test="target-limit"]').first().waitFor()
  assert.equal(await page.locator('[data-test="target-on_site"] [data-test="target-limit"] input, input[data-test="target-limit"]').first().inputValue(), '20m')

  const categories = await admin.get('/categories')
  const cat = categories.items.find((c) => c.key === 'repair.public_urgent')
  assert.equal(cat.policy.targets[0].limit, '20m')
  const agent = await apiSession(world, 'agent')
  const created = await agent.post('/cases', { category_id: cat.id, title: '地下车库积水' })
  const due = new Date(created.targets[0].due_at) - new Date(created.received_at)
  assert.equal(due, 20 * 60 * 1000, 'a new case gets the new 20-minute limit (24×7 clock)')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('admin marks a holiday in the calendar month view and it is saved', async () => {
  const calendars = await admin.get('/calendars')
  const office = calendars.items.find((c) => c.key === 'cn-office')
  const full = await admin.get(`/calendars/${office.id}`)
  // A weekday next month that the calendar treats as an ordinary working day.
  const now = new Date()
  const d = new Date(now.getFullYear(), now.getMonth() + 1, 1)
  const extras = full.spec.extra_workdays.map((x) => (typeof x === 'string' ? x : x.date))
  while (d.getDay() === 0 || d.getDay() === 6 || full.spec.holidays.includes(iso(d)) || extras.includes(iso(d))) d.setDate(d.getDate() + 1)
  const date = iso(d)

  const page = await newPage(world)
  await login(world, page, 'admin')
  await page.goto(`${world.base}/admin/calendars?id=${office.id}`)
  await page.locator('[data-test=month-grid]').waitFor()
  if (d.getMonth() !== now.getMonth()) await page.locator('[data-test=next-month]').click()
  const cell = page.locator(`[data-date="${date}"]`)
  assert.equal(await cell.getAttribute('data-kind'), 'work')
  await cell.focus()
  await page.keyboard.press('Enter') // keyboard: a day is a button
  await page.locator('[data-test=day-holiday]').click()
  await page.locator('[data-test=day-save]').click()
  await page.locator(`[data-date="${date}"][data-kind="holiday"]`).waitFor()

  await page.reload()
  if (d.getMonth() !== now.getMonth()) await page.locator('[data-test=next-month]').click()
  await page.locator(`[data-date="${date}"][data-kind="holiday"]`).waitFor()
  const after = await admin.get(`/calendars/${office.id}`)
  assert.ok(after.spec.holidays.includes(date), 'the holiday is stored')
  assert.equal(after.version, full.version + 1)

  // The screenshot: a month with both holidays and a make-up working day (国庆 and its 调休).
  const extra = extras.filter((x) => x.slice(5, 7) === '10').pop() ?? extras[extras.length - 1]
  if (extra) {
    await page.goto(`${world.base}/admin/calendars?id=${office.id}&month=${extra.slice(0, 7)}`)
    await page.locator(`[data-date="${extra}"][data-kind="extra"]`).waitFor()
  }
  await shot(page, 'admin-calendar')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('admin imports an .ics file and sees the result, then the server refuses a conflict', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csqm-ics-'))
  const year = new Date().getFullYear() + 2
  const ics = join(dir, 'holidays.ics')
  writeFileSync(
    ics,
    [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//csqm e2e//CN',
      'BEGIN:VEVENT', 'UID:e2e-1', `DTSTART;VALUE=DATE:${year}1001`, `DTEND;VALUE=DATE:${year}1004`, 'SUMMARY:国庆节', 'END:VEVENT',
      'END:VCALENDAR', '',
    ].join('\r\n'),
  )
  const calendars = await admin.get('/calendars')
  const office = calendars.items.find((c) => c.key === 'cn-office')

  const page = await newPage(world)
  await login(world, page, 'admin')
  await page.goto(`${world.base}/admin/calendars?id=${office.id}`)
  await page.locator('.el-collapse-item__header', { hasText: '导入 .ics 日历' }).click()
  await page.locator('[data-test=ics-file]').setInputFiles(ics)
  await page.locator('[data-test=ics-upload]').click()
  const result = page.locator('[data-test=ics-result]')
  await result.filter({ hasText: '新增 3 天' }).waitFor()
  await result.scrollIntoViewIfNeeded()
  await shot(page, 'admin-calendar-ics')
  const full = await admin.get(`/calendars/${office.id}`)
  for (const day of ['01', '02', '03']) assert.ok(full.spec.holidays.includes(`${year}-10-${day}`))

  // The same dates as make-up working days conflict with the holidays: the server's error shows.
  await page.locator('.el-radio', { hasText: '调休上班日' }).click()
  await page.locator('[data-test=ics-upload]').click()
  await result.filter({ hasText: /节假日|holiday/ }).waitFor()
  assert.match(await result.getAttribute('class'), /el-alert--error/)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('admin creates a user, who can then sign in', async () => {
  const page = await newPage(world)
  await login(world, page, 'admin')
  await page.locator('.aside [data-nav="/admin/users"]').click()
  await page.locator('[data-test=user-table] .el-table__row').first().waitFor()
  await page.locator('[data-test=new-user]').click()
  await field(page, 'user-login').fill('e2e.agent')
  await field(page, 'user-name').fill('测试专员')
  await field(page, 'user-password').fill('short')
  await page.locator('[data-test=user-submit]').click()
  // The server's password rule is shown on the password field.
  await page.locator('.el-dialog .el-form-item.is-error', { hasText: '初始密码' }).waitFor()
  await field(page, 'user-password').fill('e2e-password-1')
  await page.locator('[data-test=user-submit]').click()
  await page.locator('[data-test=user-table] .el-table__row', { hasText: '测试专员' }).waitFor()
  await shot(page, 'admin-users')
  const r = await fetch(`${world.base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'e2e.agent', password: 'e2e-password-1' }),
  })
  assert.equal(r.status, 201)
  assert.equal((await r.json()).user.role, 'agent')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('admin changes a role, resets a password and deactivates a user', async () => {
  const page = await newPage(world)
  await login(world, page, 'admin')
  await page.goto(`${world.base}/admin/users`)
  await page.locator('[data-test="edit-user-demo.agent3"]').click()
  await page.locator('[data-test=user-role]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '主管' }).click()
  await page.locator('[data-test=user-submit]').click()
  await page.locator('.el-message--success', { hasText: '用户已保存' }).waitFor()
  const row = page.locator('[data-test=user-table] .el-table__body-wrapper .el-table__row', { hasText: 'demo.agent3' })
  await row.filter({ hasText: '主管' }).waitFor()

  // Reset the password (the fixed actions column is a separate table: find the row by index).
  const index = await page.locator('[data-test=user-table] .el-table__body-wrapper .el-table__row').evaluateAll((rows) =>
    rows.findIndex((r) => r.textContent.includes('demo.agent3')),
  )
  const actions = page.locator('[data-test=user-table] .el-table__fixed-right .el-table__row, [data-test=user-table] .el-table__body-wrapper .el-table__row').nth(index)
  await actions.locator('button', { hasText: '重置密码' }).click()
  await page.locator('#reset-password').fill('another-pass-9')
  await page.locator('.el-dialog button', { hasText: '重置密码' }).click()
  await page.locator('.el-message--success', { hasText: '已重置' }).waitFor()
  const signIn = (password) =>
    fetch(`${world.base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'demo.agent3', password }) })
  assert.equal((await signIn('another-pass-9')).status, 201)

  await actions.locator('button', { hasText: '停用' }).click()
  await page.locator('.el-message-box__btns button', { hasText: /确定|OK/ }).click()
  await page.locator('.el-message--success', { hasText: '已停用' }).waitFor()
  assert.equal((await signIn('another-pass-9')).status, 401, 'a deactivated user cannot sign in')
  const users = await admin.get('/users?limit=200&active=false')
  const agent3 = users.items.find((u) => u.login === 'demo.agent3')
  assert.equal(agent3.role, 'supervisor')
  assert.equal(agent3.active, false)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('admin creates a calendar as a copy of another', async () => {
  const page = await newPage(world)
  await login(world, page, 'admin')
  await page.goto(`${world.base}/admin/calendars`)
  await page.locator('[data-test="calendar-cn-office"]').click()
  await page.locator('h2', { hasText: '中国工时' }).waitFor()
  await page.locator('[data-test=new-calendar]').click()
  await field(page, 'cal-key').fill('p2-office')
  await field(page, 'cal-name').fill('滨江项目工作日历')
  await page.locator('[data-test=cal-submit]').click()
  await page.locator('h2', { hasText: '滨江项目工作日历' }).waitFor()
  const all = (await admin.get('/calendars')).items
  const copy = await admin.get(`/calendars/${all.find((c) => c.key === 'p2-office').id}`)
  const source = await admin.get(`/calendars/${all.find((c) => c.key === 'cn-office').id}`)
  assert.deepEqual(copy.spec.holidays, source.spec.holidays)
  assert.deepEqual(copy.spec.week, source.spec.week)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('admin creates an organisation unit and moves it under another project', async () => {
  const units = (await admin.get('/org-units')).items
  const projects = units.filter((u) => u.kind === 'project')
  assert.ok(projects.length >= 2)
  const page = await newPage(world)
  await login(world, page, 'admin')
  await page.locator('.aside [data-nav="/admin/org-units"]').click()
  await page.locator('[data-test=unit-tree]').waitFor()
  await page.locator(`[data-unit="${projects[0].code}"] [aria-label*="新建"]`).click()
  await field(page, 'unit-name').fill('绿化部')
  await field(page, 'unit-code').fill('E2E-GREEN')
  await page.locator('[data-test=unit-submit]').click()
  await page.locator('[data-unit="E2E-GREEN"]').waitFor()
  let unit = (await admin.get('/org-units')).items.find((u) => u.code === 'E2E-GREEN')
  assert.equal(unit.parent_id, projects[0].id)
  assert.equal(unit.name, '绿化部')

  await page.locator('[data-test="move-E2E-GREEN"]').click()
  await page.locator('.el-dialog .el-select[data-test=unit-new-parent]').click()
  await page.locator('.el-tree-select__popper .el-tree-node__content:visible', { hasText: projects[1].name }).first().click()
  await page.locator('[data-test=unit-submit]').click()
  await page.locator('.el-message--success', { hasText: '已保存' }).waitFor()
  await page.locator('.el-dialog', { hasText: '移动' }).waitFor({ state: 'hidden' })
  unit = (await admin.get('/org-units')).items.find((u) => u.code === 'E2E-GREEN')
  assert.equal(unit.parent_id, projects[1].id, 'moved under the other project')
  assert.ok(unit.path.startsWith(projects[1].path))
  await shot(page, 'admin-org-units')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the configuration screens keep their layout on a phone and read in English', async () => {
  const page = await newPage(world, { width: 390, height: 844 })
  await login(world, page, 'admin')
  await page.goto(`${world.base}/admin/calendars`)
  await page.locator('[data-test=month-grid]').waitFor()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `no horizontal scrolling (${overflow}px)`)
  await shot(page, 'admin-calendar-mobile')
  await page.goto(`${world.base}/admin/categories?id=${(await admin.get('/categories')).items.find((c) => c.key === 'repair.other').id}`)
  await page.locator('[data-test=category-editor]').waitFor()
  const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow2 <= 1, `categories: no horizontal scrolling (${overflow2}px)`)
  // Users on a phone: the table fits (columns dropped, actions in a menu per row).
  await page.goto(`${world.base}/admin/users`)
  await page.locator('[data-test=user-table] .el-table__row').first().waitFor()
  const inner = await page.locator('[data-test=user-table] .el-table__body-wrapper .el-scrollbar__wrap').evaluate((el) => el.scrollWidth - el.clientWidth)
  assert.ok(inner <= 1, `the users table fits (${inner}px)`)
  await page.locator('[data-test=user-table] button[aria-label*="的操作"]').first().click()
  await page.locator('.el-dropdown-menu__item:visible', { hasText: '重置密码' }).waitFor()
  await page.keyboard.press('Escape')
  await page.evaluate(() => localStorage.setItem('csqm.locale', 'en'))
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(`${world.base}/admin/categories?id=${(await admin.get('/categories')).items.find((c) => c.key === 'repair.other').id}`)
  await page.locator('h1', { hasText: 'Categories and time limits' }).waitFor()
  await page.locator('[data-test="target-done"] label', { hasText: 'Clock' }).first().waitFor()
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

