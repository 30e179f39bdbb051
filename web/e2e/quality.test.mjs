// Browser tests of the quality screens (views/quality): the callback workbench recording an
// outcome that reopens its case, a questionnaire built, sent and answered through its public
// link without login, the public suggestion book, the quality dashboard's charts and a monthly
// report generated and opened; role-aware navigation. See harness.mjs for the world.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWorld, newPage, login, shot, apiSession, field } from './harness.mjs'

let world
let qm // quality manager API session
let agent

before(async () => {
  world = await startWorld()
  qm = await apiSession(world, 'quality_manager')
  agent = await apiSession(world, 'agent')
})
after(async () => {
  await world?.stop()
})

// Console errors (failed requests included) besides uncaught script errors.
// The signed-out GET /session of the login page (401) is expected; nothing else may fail.
function watchConsole(page) {
  page.consoleErrors = []
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && page.consoleErrors.push(m.text()))
  page.on('response', (r) => {
    if (r.status() >= 400 && !(r.status() === 401 && r.url().endsWith('/api/v1/session'))) page.consoleErrors.push(`${r.status()} ${r.url()}`)
  })
}

const pad = (n) => String(n).padStart(2, '0')
function lastMonth() {
  const d = new Date()
  const m = new Date(d.getFullYear(), d.getMonth() - 1, 1)
  return `${m.getFullYear()}-${pad(m.getMonth() + 1)}`
}

test('navigation follows the role: agents get the workbench, quality readers the dashboard', async () => {
  const want = {
    agent: { sees: ['/callbacks', '/surveys'], not: ['/quality', '/quality/reports', '/admin/callback-rules'] },
    field_staff: { sees: ['/callbacks'], not: ['/surveys', '/quality'] },
    auditor: { sees: ['/callbacks', '/quality', '/quality/reports', '/admin/callback-rules'], not: [] },
    manager: { sees: ['/callbacks', '/quality', '/quality/reports', '/admin/callback-rules'], not: [] },
  }
  for (const [role, w] of Object.entries(want)) {
    const page = await newPage(world)
    await login(world, page, role)
    for (const p of w.sees) assert.ok(await page.locator(`.aside [data-nav="${p}"]`).count(), `${role} sees ${p}`)
    for (const p of w.not) assert.equal(await page.locator(`.aside [data-nav="${p}"]`).count(), 0, `${role} does not see ${p}`)
    await page.context().close()
  }
})

test('the callback workbench records a dissatisfied outcome and the case reopens', async () => {
  const categories = await qm.get('/categories')
  const cat = categories.items.find((c) => c.key === 'complaint.attitude.ordinary')
  const rule = await qm.post('/callback-rules', {
    name: '投诉解决后回访（测试）',
    kind: 'case_resolved',
    category_ids: [cat.id],
    clock: '24x7',
    limit: '1h',
    max_attempts: 3,
    script: '您好，这里是物业客服中心。您之前反映的服务态度问题已处理，想了解一下您是否满意？',
  })
  const customer = await agent.post('/customers', { name: '回访测试业主', phone: '13900001111', tier: 'ordinary' })
  const c = await agent.post('/cases', { category_id: cat.id, title: '前台接待态度生硬', customer_id: customer.id })
  await agent.post(`/cases/${c.id}/transitions`, { transition: 'accept' })
  await agent.post(`/cases/${c.id}/transitions`, { transition: 'resolve', fields: { resolution: '已向业主道歉', cause: '沟通不当' } })

  const page = await newPage(world)
  watchConsole(page)
  await login(world, page, 'agent')
  await page.locator('.aside [data-nav="/callbacks"]').click()
  await page.locator('h1', { hasText: '回访工作台' }).waitFor()
  // The rule queued a task for the resolved case (the seeded rules may queue more); open it.
  const task = (await agent.get(`/callback-tasks?case_id=${c.id}&rule_id=${rule.id}`)).items[0]
  assert.ok(task, 'the rule queued a callback')
  await page.goto(`${world.base}/callbacks?view=today&task=${task.id}`)
  await page.locator('[data-test=callback-script]', { hasText: '服务态度问题已处理' }).waitFor()
  await page.locator('[data-test=callback-assign-me]').click()
  await page.locator('[data-test=callback-assignee]', { hasText: '陈雨桐' }).waitFor()
  await page.locator('.el-tabs__item', { hasText: '我的回访' }).click()
  await page.locator('[data-test=callback-tasks] .el-table__row', { hasText: '回访测试业主' }).filter({ hasText: rule.name }).click()
  await page.locator('[data-test=callback-assignee]', { hasText: '陈雨桐' }).waitFor()
  await page.locator('[data-test=preset-bad]').click()
  await page.locator('[data-test=reopen-hint]').waitFor()
  await field(page, 'cb-recording').fill('REC-20261126-001')
  await field(page, 'cb-opinion').fill('前台态度还是不好，问题没有真正解决')
  await page.evaluate(() => document.querySelectorAll('.content, [data-test=callback-detail], [data-test=callback-detail] .el-card__body').forEach((e) => (e.scrollTop = 0)))
  await shot(page, 'callbacks')
  await page.locator('[data-test=cb-save]').click()
  await page.locator('[data-test=callback-status]', { hasText: '已完成' }).waitFor()
  await page.locator('[data-test=callback-result]', { hasText: '不满意' }).waitFor()

  const after = await agent.get(`/cases/${c.id}`)
  assert.equal(after.status, 'in_progress', 'the dissatisfied callback reopened the case')
  const done = await agent.get(`/callback-tasks/${task.id}`)
  assert.equal(done.status, 'done')
  assert.equal(done.solved, false)
  assert.equal(done.satisfaction, 'dissatisfied')
  assert.deepEqual(page.errors, [])
  assert.deepEqual(page.consoleErrors, [])

  // The same screen on a phone: no horizontal scrolling.
  await page.setViewportSize({ width: 390, height: 844 })
  // (The demo's own finished callbacks fill the tab too; any row will do for the layout.)
  await page.locator('.el-tabs__item', { hasText: '已完成' }).click()
  await page.locator('[data-test=callback-tasks] .el-table__row').first().waitFor()
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`)
  await page.context().close()
})

test('a customer who cannot be reached is tried again later (English UI)', async () => {
  const categories = await qm.get('/categories')
  const cat = categories.items.find((c) => c.key === 'complaint.attitude.ordinary')
  const customer = await agent.post('/customers', { name: 'Unreachable Owner', phone: '13900002222', tier: 'vip' })
  const c = await agent.post('/cases', { category_id: cat.id, title: 'Rude reply at the front desk', customer_id: customer.id })
  await agent.post(`/cases/${c.id}/transitions`, { transition: 'accept' })
  await agent.post(`/cases/${c.id}/transitions`, { transition: 'resolve', fields: { resolution: 'apologised', cause: 'tone' } })

  const page = await newPage(world, { locale: 'en' })
  watchConsole(page)
  await page.addInitScript(() => localStorage.setItem('csqm.locale', 'en'))
  await login(world, page, 'agent')
  const rule = (await qm.get('/callback-rules')).items.find((r) => r.name === '投诉解决后回访（测试）')
  const task = (await agent.get(`/callback-tasks?case_id=${c.id}&rule_id=${rule.id}`)).items[0]
  await page.goto(`${world.base}/callbacks?task=${task.id}`)
  await page.locator('h1', { hasText: 'Callback workbench' }).waitFor()
  await page.locator('[data-test=callback-detail]', { hasText: 'Unreachable Owner' }).waitFor()
  await field(page, 'cb-attempt-note').fill('no answer, line busy')
  await page.locator('[data-test=cb-unreachable]').click()
  await page.locator('[data-test=callback-detail]', { hasText: 'next attempt' }).waitFor()
  await page.locator('[data-test=callback-detail]', { hasText: 'no answer, line busy' }).waitFor()
  const tried = await agent.get(`/callback-tasks/${task.id}`)
  assert.equal(tried.status, 'open')
  assert.equal(tried.attempts, 1)
  assert.ok(tried.next_attempt_at, 'a retry is planned')
  assert.equal(await page.locator('text=/callbacks\\./').count(), 0, 'no untranslated keys')
  await shot(page, 'callbacks-en')
  assert.deepEqual(page.errors, [])
  assert.deepEqual(page.consoleErrors, [])
  await page.context().close()
})

test('the callback rules admin lists the rules and draws a monthly complaint sample', async () => {
  const page = await newPage(world)
  watchConsole(page)
  await login(world, page, 'quality_manager')
  await page.goto(`${world.base}/admin/callback-rules`)
  await page.locator('[data-test=rule-new]').click()
  await field(page, 'rule-name').fill('投诉月度抽样回访（测试）')
  await page.locator('[data-test=rule-kind]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '投诉月度抽样回访' }).click()
  await field(page, 'rule-script').fill('您好，我们对上月的投诉进行抽样回访。')
  await page.locator('[data-test=rule-save]').click()
  await page.locator('[data-test=rules] [data-rule="投诉月度抽样回访（测试）"]').waitFor()
  await page.locator('[data-test=samples]').waitFor()
  await page.locator('[data-test=sample-month]').fill(lastMonth())
  await page.locator('[data-test=sample-draw]').click()
  await page.locator(`[data-sample="${lastMonth()}"]`).waitFor()
  await shot(page, 'callback-rules')
  // The new rule took the complaint case type, so the sample holds complaints only.
  const rule = (await qm.get('/callback-rules')).items.find((r) => r.name === '投诉月度抽样回访（测试）')
  const types = await qm.get('/case-types')
  const complaint = types.items.find((t) => t.key === 'complaint')
  assert.deepEqual(rule.case_type_ids, [complaint.id])
  const [sample] = (await qm.get(`/callback-rules/${rule.id}/samples`)).items
  const categories = (await qm.get('/categories')).items
  for (const st of sample.strata) {
    assert.equal(categories.find((c) => c.id === st.category_id).case_type_id, complaint.id, 'a complaint stratum')
    assert.ok(st.quota >= Math.ceil(st.population / 2), 'at least half of each stratum')
  }
  const shown = await page.locator(`[data-sample="${lastMonth()}"]`).textContent()
  assert.ok(shown.includes(`${sample.selected}/${sample.population}`), 'quota shown')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a questionnaire is built, sent, answered through its public link without login and counted', async () => {
  const page = await newPage(world)
  watchConsole(page)
  await login(world, page, 'quality_manager')
  await page.locator('.aside [data-nav="/surveys"]').click()
  await page.locator('[data-test=survey-new]').click()
  await field(page, 'survey-title').fill('2026 年业主满意度调查')
  await field(page, 'q0-zh').fill('您对客服接听速度是否满意？')
  await field(page, 'q0-en').fill('How satisfied are you with how fast we answer?')
  await page.locator('[data-test=add-single]').click()
  await field(page, 'q1-zh').fill('您最常用的报修方式')
  await field(page, 'q1-opt0-zh').fill('电话')
  await field(page, 'q1-opt1-zh').fill('微信')
  await page.locator('[data-test=add-text]').click()
  await field(page, 'q2-zh').fill('您还有什么建议？')
  await page.locator('[data-question-index="2"] .el-switch').click() // optional
  await shot(page, 'survey-builder')
  await page.locator('[data-test=survey-save-open]').click()
  await page.waitForURL(/\/surveys\/\d+$/)
  await page.locator('[data-test=survey-status]', { hasText: '进行中' }).waitFor()

  await page.locator('.el-tabs__item', { hasText: '发送问卷' }).click()
  await field(page, 'invite-percent').fill('10')
  await page.locator('[data-test=invite-send]').click()
  const link = page.locator('[data-test=invite-link]').first()
  await link.waitFor()
  const href = await link.getAttribute('href')
  assert.match(href, /\/s\/[^/]+$/)
  assert.ok(await page.locator('[data-test=invite-strata] .el-table__row').count() >= 1, 'strata shown')

  // A customer on a phone, in a fresh browser context without any session.
  const pub = await newPage(world, { width: 390, height: 844 })
  watchConsole(pub)
  await pub.goto(href)
  await pub.locator('h1', { hasText: '2026 年业主满意度调查' }).waitFor()
  await pub.locator('[data-test=survey-submit]').click() // nothing answered: required questions flagged
  await pub.locator('.question.bad').first().waitFor()
  await pub.locator('[data-test=q-rating-1] .el-rate__item').nth(4).click()
  await pub.locator('[data-option=o2]').click()
  await shot(pub, 'survey-public')
  await pub.locator('[data-test=survey-submit]').click()
  await pub.locator('[data-test=survey-thanks]').waitFor()
  const width = await pub.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `public page fits a phone (${width}px)`)
  assert.deepEqual(pub.errors, [])
  // The link answers once.
  await pub.reload()
  await pub.locator('[data-test=survey-unavailable]').waitFor()
  await pub.context().close()

  await page.reload()
  await page.locator('[data-test=survey-responses]', { hasText: '1' }).waitFor()
  await page.locator('[data-test=question-mean]', { hasText: '5.00' }).waitFor()
  assert.ok(await page.locator('[data-test=survey-results] canvas').count() >= 2, 'result charts drawn')
  await shot(page, 'survey-results')

  // An agent enters a customer's answers during a call.
  const id = Number(page.url().split('/').pop())
  const agentPage = await newPage(world)
  await login(world, agentPage, 'agent')
  await agentPage.goto(`${world.base}/surveys/${id}`)
  await agentPage.locator('.el-tabs__item.is-active', { hasText: '坐席代填' }).waitFor()
  await agentPage.locator('[data-test=q-rating-1] .el-rate__item').nth(3).click()
  await agentPage.locator('[data-option=o1]').click()
  await agentPage.locator('[data-test=survey-submit]').click()
  await agentPage.locator('.el-message--success').waitFor()
  const results = await qm.get(`/surveys/${id}/results`)
  assert.equal(results.responses, 2)
  assert.equal(results.questions[0].mean, 4.5)
  assert.deepEqual(page.errors, [])
  assert.deepEqual(agentPage.errors, [])
  await agentPage.context().close()
  await page.context().close()
})

test('anyone writes in the suggestion book without login', async () => {
  const page = await newPage(world, { width: 390, height: 844 })
  watchConsole(page)
  await page.goto(`${world.base}/suggest`)
  await page.locator('h1', { hasText: '意见簿' }).waitFor()
  await page.locator('[data-test=suggestion-submit]').click()
  await page.locator('.el-form-item.is-error').waitFor()
  await field(page, 'suggestion-text').fill('建议小区夜间增加一次巡逻，并在地下车库加装照明。')
  await field(page, 'suggestion-contact').fill('13800001234')
  await shot(page, 'suggestion-book')
  await page.locator('[data-test=suggestion-submit]').click()
  await page.locator('[data-test=suggestion-thanks]').waitFor()
  assert.deepEqual(page.errors, [])
  assert.deepEqual(page.consoleErrors, [])
  await page.context().close()
  const book = await qm.get('/suggestions')
  assert.ok(book.items.some((s) => s.text.includes('地下车库加装照明')), 'the suggestion is in the book')
})

test('the quality dashboard draws its charts without errors', async () => {
  const page = await newPage(world)
  watchConsole(page)
  await login(world, page, 'quality_manager')
  await page.locator('.aside [data-nav="/quality"]').click()
  await page.locator('[data-test=chart-trend] canvas').waitFor()
  await page.locator('[data-test=chart-satisfaction] canvas').waitFor()
  await page.locator('[data-test=indicators] [data-indicator=satisfaction_rate]').waitFor()
  assert.ok(await page.locator('[data-test=chart-pareto] canvas, [data-test=chart-pareto] .el-empty').count())
  assert.ok(await page.locator('[data-test=chart-attainment] canvas, [data-test=chart-attainment] .el-empty').count())
  await shot(page, 'quality-dashboard')
  await page.locator('[data-test=indicators]').scrollIntoViewIfNeeded()
  await shot(page, 'quality-dashboard-indicators')
  // The quality manager sets the satisfaction target (entered as a percentage).
  await page.locator('[data-test=indicators] .el-table__row', { has: page.locator('[data-indicator=satisfaction_rate]') }).locator('button').click()
  await page.locator('.el-message-box__input input').fill('85')
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('.el-message--success').first().waitFor()
  const targets = await qm.get('/quality/targets')
  assert.equal(targets.items.find((x) => x.indicator === 'satisfaction_rate').target, 0.85)
  await page.locator('[data-test=indicators] .el-table__row', { hasText: '85.0%' }).first().waitFor()
  // Another period and month narrow the table and the charts.
  await page.locator('[data-test=qd-month]').fill(lastMonth())
  await field(page, 'qd-period').fill(lastMonth())
  await page.locator('[data-test=qd-apply]').click()
  await page.locator('.el-card__header', { hasText: `${lastMonth()} 指标` }).waitFor()
  await page.setViewportSize({ width: 390, height: 844 })
  await page.waitForTimeout(300)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `dashboard fits a phone (${width}px)`)
  await shot(page, 'quality-dashboard-phone')
  assert.deepEqual(page.errors, [])
  assert.deepEqual(page.consoleErrors, [])
  await page.context().close()
})

test('a monthly report is generated on demand and its printable page opens', async () => {
  const page = await newPage(world)
  watchConsole(page)
  await login(world, page, 'quality_manager')
  await page.locator('.aside [data-nav="/quality/reports"]').click()
  await field(page, 'report-period').fill(lastMonth())
  await page.locator('[data-test=report-generate]').click()
  await page.locator(`[data-test=reports] [data-report="${lastMonth()}"]`).waitFor()
  await shot(page, 'quality-reports')
  const html = page.locator('[data-test^=report-html-]').first()
  const [popup] = await Promise.all([page.context().waitForEvent('page'), html.click()])
  await popup.waitForLoadState()
  assert.match(await popup.locator('body').textContent(), /质量/)
  await shot(popup, 'quality-report-html')
  const xlsx = await page.locator('[data-test^=report-xlsx-]').first().getAttribute('href')
  const r = await page.request.get(`${world.base}${xlsx}`)
  assert.equal(r.status(), 200)
  assert.match(r.headers()['content-type'], /spreadsheetml/)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the quality screens fit a phone without horizontal scrolling', async () => {
  const page = await newPage(world, { width: 390, height: 844 })
  watchConsole(page)
  await login(world, page, 'quality_manager')
  for (const path of ['/callbacks', '/admin/callback-rules', '/surveys', '/surveys/new', '/quality', '/quality/reports']) {
    await page.goto(`${world.base}${path}`)
    await page.locator('h1').first().waitFor()
    await page.waitForLoadState('networkidle').catch(() => {})
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `${path} fits a phone (${width}px)`)
  }
  await shot(page, 'quality-reports-phone')
  assert.deepEqual(page.errors, [])
  assert.deepEqual(page.consoleErrors, [])
  await page.context().close()
})
