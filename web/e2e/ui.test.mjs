// Browser tests of the web UI against a real csqm serve with the demo data (see harness.mjs).
// Run: `npm run e2e` in web/ (after `make build`), or `ctest -R web_e2e`. Screenshots of the
// main screens go to docs/screenshots/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWorld, newPage, login, shot, apiSession, field, unlabelledControls, LOGINS } from './harness.mjs'

let world
const created = {} // what one test leaves for the next (tests run in order)

before(async () => {
  world = await startWorld()
})
after(async () => {
  await world?.stop()
})

// Landing page and a navigation entry each role must (or must not) see.
const ROLE_EXPECTATIONS = {
  admin: { path: '/queues', sees: ['/queues', '/intake', '/approvals'], not: [] },
  quality_manager: { path: '/queues', sees: ['/queues', '/approvals'], not: [] },
  manager: { path: '/queues', sees: ['/queues', '/intake', '/approvals'], not: [] },
  supervisor: { path: '/queues', sees: ['/queues', '/intake', '/field'], not: ['/approvals'] },
  agent: { path: '/queues', sees: ['/queues', '/intake', '/search'], not: ['/approvals', '/field'] },
  field_staff: { path: '/field', sees: ['/field', '/search'], not: ['/queues', '/intake'] },
  auditor: { path: '/search', sees: ['/queues', '/search'], not: ['/intake', '/approvals'] },
}

test('every role signs in, lands on its page and sees only its navigation', async () => {
  for (const [role, want] of Object.entries(ROLE_EXPECTATIONS)) {
    const page = await newPage(world)
    await login(world, page, role)
    await page.waitForURL((u) => u.pathname === want.path)
    for (const path of want.sees) assert.ok(await page.locator(`.aside [data-nav="${path}"]`).count(), `${role} sees ${path}`)
    for (const path of want.not) assert.equal(await page.locator(`.aside [data-nav="${path}"]`).count(), 0, `${role} does not see ${path}`)
    if (role === 'supervisor') {
      await page.locator('.el-tabs__item', { hasText: '本组工单' }).click()
      await page.waitForURL(/queue=team/)
      await page.locator('.case-table .el-table__row').nth(3).waitFor()
      await page.locator('[data-test=sla-countdown]').first().waitFor()
      await shot(page, 'queues')
      assert.deepEqual(await unlabelledControls(page), [], 'every control of the queues is labelled')
    }
    assert.deepEqual(page.errors, [], `${role}: no script errors`)
    await page.context().close()
  }
})

test('an agent opens a case by phone intake and sees its live countdown', async () => {
  const agent = await apiSession(world, 'agent')
  const customers = await agent.get('/customers?limit=5')
  const caller = customers.items.find((c) => c.phone && !c.phone.includes('*'))
  assert.ok(caller, 'a demo customer with a phone number')
  const fragment = caller.phone.slice(-6)

  const page = await newPage(world)
  await login(world, page, 'agent')
  const started = Date.now()
  await page.locator('[data-nav="/intake"]').click()
  await field(page, 'customer-search').waitFor()
  assert.deepEqual(await unlabelledControls(page), [], 'every control on the empty intake form is labelled')
  await field(page, 'customer-search').fill(fragment)
  await page.locator('.el-autocomplete-suggestion li', { hasText: caller.name }).first().click()
  await page.locator('[data-test=chosen-customer]', { hasText: caller.name }).waitFor()
  await page.locator('[data-test=category]').click()
  await page.keyboard.type('户内紧急')
  await page.locator('.el-select-dropdown__item:visible', { hasText: '户内紧急维修' }).first().click()
  await page.locator('[data-test=time-limits]', { hasText: '10m' }).waitFor()
  await field(page, 'title').fill('厨房水管爆裂漏水')
  await page.locator('#intake-desc').fill('业主来电：厨房水管爆裂，地面积水。')
  await shot(page, 'intake')
  assert.deepEqual(await unlabelledControls(page), [], 'every control on the intake form is labelled')
  await page.locator('[data-test=save-case]').click()
  await page.waitForURL(/\/cases\/\d+$/)
  const seconds = (Date.now() - started) / 1000
  assert.ok(seconds < 60, `intake took ${seconds}s`)
  const countdown = page.locator('[data-test=targets] [data-test=sla-countdown]').first()
  await countdown.waitFor()
  assert.equal(await countdown.getAttribute('data-state'), 'running')
  const first = await countdown.textContent()
  await page.waitForTimeout(1500)
  assert.notEqual(await countdown.textContent(), first, 'the countdown ticks')
  assert.match(await page.locator('[data-test=owner]').textContent(), /陈雨桐/)
  created.caseUrl = page.url()
  created.caseId = Number(page.url().split('/').pop())
  await shot(page, 'case')
  assert.deepEqual(await unlabelledControls(page), [], 'every control on the case page is labelled')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the agent transfers the case to field staff and dispatches it; the owner stays', async () => {
  const page = await newPage(world)
  await login(world, page, 'agent')
  await page.goto(created.caseUrl)
  await page.locator('[data-test=transfer]').click()
  await page.locator('.el-dialog [data-test=assignee-picker]').click()
  await page.keyboard.type('杨志刚')
  await page.locator('.el-select-dropdown__item:visible', { hasText: '杨志刚' }).first().click()
  await field(page, 'transfer-reason').fill('请维修班组上门')
  await page.locator('[data-test=transfer-confirm]').click()
  await page.locator('[data-test=assignee]', { hasText: '杨志刚' }).waitFor()
  assert.match(await page.locator('[data-test=owner]').textContent(), /陈雨桐/, 'owner unchanged')
  await page.locator('[data-test=timeline]', { hasText: '请维修班组上门' }).waitFor()
  await page.locator('[data-test=transition-dispatch]').click() // 派工: the workflow's next step
  await page.locator('[data-test=case-status]', { hasText: '已派工' }).waitFor()
  await page.context().close()
})

test('field staff on a phone check in, upload a photo and finish the visit', async () => {
  const page = await newPage(world, { width: 390, height: 844 })
  await login(world, page, 'field_staff')
  await page.waitForURL(/\/field$/)
  const card = page.locator(`[data-visit]`, { hasText: '厨房水管爆裂漏水' })
  await card.waitFor()
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`)
  await shot(page, 'field-phone')
  assert.deepEqual(await unlabelledControls(page), [], 'every control of the field view is labelled')
  await card.locator('[data-test=arrived]').click()
  await card.locator('text=/到场时间/').waitFor()
  assert.ok(await card.locator('[data-test=arrived]').isDisabled())
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  )
  await card.locator('[data-test=photo]').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: png })
  await page.locator('.el-message', { hasText: '已上传 1 张照片' }).waitFor()
  await card.locator('[data-test=done]').click()
  await field(page, 'field-work_done').fill('已更换水管，地面已清理')
  await page.locator('[data-test=done-confirm]').click()
  await card.locator('.el-tag', { hasText: '已完工' }).or(card.locator('.el-tag', { hasText: '完工' })).first().waitFor()
  const agent = await apiSession(world, 'agent')
  const c = await agent.get(`/cases/${created.caseId}`)
  assert.ok(c.arrived_at, 'arrival recorded')
  assert.equal(c.targets[0].met_at !== null, true, 'the on-site target is met by the arrival')
  const files = await agent.get(`/cases/${created.caseId}/attachments`)
  assert.equal(files.items.length, 1)
  assert.deepEqual(page.errors, [])
  await page.context().close()

  // The agent sees the photo on the case page and opens its preview.
  const desk = await newPage(world)
  await login(world, desk, 'agent')
  await desk.goto(created.caseUrl)
  await desk.locator('.thumb img').first().click()
  await desk.locator('.el-image-viewer__wrapper').waitFor()
  await desk.keyboard.press('Escape')
  await desk.locator('[data-test=timeline]', { hasText: '已更换水管' }).waitFor()
  await desk.context().close()
})

test('a case whose timer fired escalates: the supervisor sees the badge and the breach', async () => {
  const agent = await apiSession(world, 'agent')
  const cats = await agent.get('/categories')
  const urgent = cats.items.find((c) => c.key === 'repair.home_urgent')
  const received = new Date(Date.now() - 40 * 60_000).toISOString()
  const c = await agent.post('/cases', { category_id: urgent.id, title: '卫生间漏水无人处理', received_at: received })
  const page = await newPage(world)
  await login(world, page, 'supervisor')
  // The server's timer runner fires the breach within its interval; the bell polls.
  let found = false
  const sup = await apiSession(world, 'supervisor')
  for (let i = 0; i < 40 && !found; i++) {
    const list = await sup.get('/notifications?unread=true')
    found = list.items.some((n) => n.case_id === c.id && n.kind === 'escalation')
    if (!found) await page.waitForTimeout(500)
  }
  assert.ok(found, 'the breach notified the owner’s supervisor')
  await page.reload()
  const badge = page.locator('[data-test=bell] .el-badge__content')
  await badge.waitFor()
  assert.ok(Number(await badge.textContent()) > 0)
  await page.locator('[data-test=bell]').click()
  await page.locator('.item', { hasText: c.number }).first().waitFor()
  await shot(page, 'notifications')
  await page.locator('.item', { hasText: c.number }).first().click()
  await page.waitForURL(new RegExp(`/cases/${c.id}$`))
  const countdown = page.locator('[data-test=targets] [data-test=sla-countdown]').first()
  await countdown.waitFor()
  assert.equal(await countdown.getAttribute('data-state'), 'breached')
  await page.locator('[data-test=timeline]', { hasText: '升级' }).first().waitFor()
  await shot(page, 'case-breached')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('an agent requests an extension and a manager approves it', async () => {
  const agent = await apiSession(world, 'agent')
  const cats = await agent.get('/categories')
  const simple = cats.items.find((c) => c.key === 'repair.simple')
  const c = await agent.post('/cases', { category_id: simple.id, title: '楼道灯需更换灯座' })
  let page = await newPage(world)
  await login(world, page, 'agent')
  await page.goto(`${world.base}/cases/${c.id}`)
  await page.locator('[data-test=ext-request]').click()
  await field(page, 'ext-reason').fill('灯座需向厂家订货')
  await page.locator('[data-test=ext-submit]').click()
  await page.locator('[data-test=extension]', { hasText: '待审批' }).waitFor()
  await page.context().close()

  page = await newPage(world)
  await login(world, page, 'manager')
  await page.locator('[data-nav="/approvals"]').click()
  await page.locator('[data-test=approvals] .el-table__row', { hasText: '灯座需向厂家订货' }).waitFor()
  await shot(page, 'approvals')
  await page.goto(`${world.base}/cases/${c.id}`)
  await page.locator('[data-test=ext-approve]').click()
  await page.locator('[data-test=extension]', { hasText: '已批准' }).waitFor()
  const ext = await agent.get(`/cases/${c.id}/extensions`)
  assert.equal(ext.items[0].status, 'approved')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('one search box finds cases and customers in Chinese', async () => {
  const page = await newPage(world)
  await login(world, page, 'agent')
  await field(page, 'global-search').fill('水管爆裂')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/search\?q=/)
  await page.locator('[data-test=search-cases] .el-table__row', { hasText: '厨房水管爆裂漏水' }).waitFor()
  await shot(page, 'search')
  const agent = await apiSession(world, 'agent')
  const someone = (await agent.get('/customers?limit=20')).items.find((c) => /[\u4e00-\u9fff]{2,}/.test(c.name))
  await field(page, 'search-page-input').fill(someone.name)
  await page.keyboard.press('Enter')
  await page.locator('[data-test=search-customers] .el-table__row', { hasText: someone.name }).first().waitFor()
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the language switch turns the interface into English', async () => {
  const page = await newPage(world)
  await login(world, page, 'agent')
  await page.locator('[data-test=language]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'English' }).click()
  await page.locator('.aside [data-nav="/queues"]', { hasText: 'Queues' }).waitFor()
  await page.locator('.el-tabs__item', { hasText: 'Breaching soon' }).waitFor()
  await shot(page, 'queues-en')
  await page.context().close()
})

test('queues and a case page fit a phone screen', async () => {
  const page = await newPage(world, { width: 390, height: 844 })
  await login(world, page, 'agent')
  await page.locator('.case-table').waitFor()
  let width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `queues: ${width}px wide`)
  await page.goto(created.caseUrl)
  await page.locator('.phone-list [data-test=sla-countdown]').first().waitFor()
  width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `case page: ${width}px wide`)
  await shot(page, 'case-phone')
  await page.locator('[aria-label="打开菜单"]').click()
  await page.locator('.nav-drawer [data-nav="/queues"]').click()
  await page.locator('.el-tabs__item', { hasText: '按类别' }).click()
  await page.locator('[data-test=category-counts] .el-check-tag').first().click()
  await page.locator('.case-table .el-table__row').first().waitFor()
  await page.locator('[aria-label="打开菜单"]').click()
  await page.locator('.nav-drawer [data-nav="/intake"]').waitFor()
  await page.context().close()
  assert.ok(LOGINS.agent)
})

test('a supervisor transfers two selected cases at once', async () => {
  const agent = await apiSession(world, 'agent')
  const cats = await agent.get('/categories')
  const simple = cats.items.find((c) => c.key === 'repair.simple')
  const a = await agent.post('/cases', { category_id: simple.id, title: '批量转办测试一号' })
  const b = await agent.post('/cases', { category_id: simple.id, title: '批量转办测试二号' })
  const page = await newPage(world)
  await login(world, page, 'supervisor')
  await page.locator('.el-tabs__item', { hasText: '本组工单' }).click()
  await field(page, 'queue-text').fill('批量转办测试')
  await page.locator('[data-test=apply-filters]').click()
  for (const title of ['批量转办测试一号', '批量转办测试二号'])
    await page.locator('.case-table .el-table__row', { hasText: title }).locator('.el-checkbox').click()
  await page.locator('[data-test=bulk-assign]', { hasText: '(2)' }).click()
  await page.locator('.el-dialog [data-test=assignee-picker]').click()
  await page.keyboard.type('朱永强')
  await page.locator('.el-select-dropdown__item:visible', { hasText: '朱永强' }).first().click()
  await page.locator('#bulk-reason').fill('统一交维修二组')
  await page.locator('[data-test=bulk-confirm]').click()
  await page.locator('.el-message', { hasText: '已转办 2 张工单' }).waitFor()
  for (const c of [a, b]) {
    const now = await agent.get(`/cases/${c.id}`)
    assert.equal(now.assignee.display_name, '朱永强')
    assert.equal(now.owner.display_name, '陈雨桐')
  }
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a first-time caller is created inline during intake, with an earlier time of receipt', async () => {
  const page = await newPage(world)
  await login(world, page, 'agent')
  await page.goto(`${world.base}/intake`)
  await field(page, 'customer-search').fill('13912345678')
  await page.locator('[data-test=new-customer]').click()
  assert.equal(await field(page, 'new-customer-phone').inputValue(), '13912345678', 'the typed number is kept')
  await field(page, 'new-customer-name').fill('欧阳明')
  await page.locator('[data-test=create-customer]').click()
  await page.locator('[data-test=chosen-customer]', { hasText: '欧阳明' }).waitFor()
  const agent = await apiSession(world, 'agent')
  const found = await agent.get(`/customers?q=${encodeURIComponent('13912345678')}`)
  assert.equal(found.items[0]?.name, '欧阳明')

  // The call came in two hours ago: the time of receipt is set back before saving.
  await page.locator('[data-test=category]').click()
  await page.keyboard.type('小区一般')
  await page.locator('.el-select-dropdown__item:visible', { hasText: '小区一般情况咨询' }).first().click()
  await field(page, 'title').fill('咨询停车位租赁')
  const earlier = new Date(Date.now() - 2 * 3600_000)
  const pad = (n) => String(n).padStart(2, '0')
  const text = `${earlier.getFullYear()}-${pad(earlier.getMonth() + 1)}-${pad(earlier.getDate())} ${pad(earlier.getHours())}:${pad(earlier.getMinutes())}`
  const picker = page.locator('.el-date-editor input').first()
  await picker.click()
  await picker.fill(text)
  await picker.press('Enter')
  await page.locator('#intake-title').click()
  await page.locator('[data-test=save-case]').click()
  await page.waitForURL(/\/cases\/\d+$/)
  const c = await agent.get(`/cases/${page.url().split('/').pop()}`)
  const lag = Math.abs(Date.parse(c.received_at) - earlier.getTime())
  assert.ok(lag < 60_000, `received_at ${c.received_at} is the time set in the form (${text})`)
  assert.equal(c.customer.name, '欧阳明')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the queues work from the keyboard: Tab to a case and Enter opens it', async () => {
  const page = await newPage(world)
  await page.goto(`${world.base}/login`)
  await page.locator('#login-name').focus()
  await page.keyboard.type(LOGINS.agent)
  await page.keyboard.press('Tab')
  await page.keyboard.type('csqm-demo-2026')
  await page.keyboard.press('Enter')
  await page.locator('.case-table .el-table__row a').first().waitFor()
  let onCase = false
  for (let i = 0; i < 60 && !onCase; i++) {
    await page.keyboard.press('Tab')
    onCase = await page.evaluate(() => !!document.activeElement?.closest('.case-table a'))
  }
  assert.ok(onCase, 'a case link is reachable with Tab')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/cases\/\d+$/)
  await page.context().close()
})
