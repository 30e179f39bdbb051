// Browser tests of the customer screens (views/customers): search in Chinese and by a phone
// fragment, the profile with its case history and dedicated staff member, an edit, and phone
// numbers exactly as the API gives them to each role (full for agents, masked for auditors).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWorld, newPage, login, shot, apiSession, field } from './harness.mjs'

let world
let agentApi

before(async () => {
  world = await startWorld()
  agentApi = await apiSession(world, 'agent')
})
after(async () => {
  await world?.stop()
})

// A demo customer with a phone number, cases and a dedicated staff member, as the agent sees it.
async function sampleCustomer() {
  const page = await agentApi.get('/customers?limit=200')
  for (const c of page.items) {
    if (!c.phone || !c.dedicated_staff_id) continue
    const cases = await agentApi.get(`/customers/${c.id}/cases?limit=5`)
    if (cases.items.length) return { customer: c, cases: cases.items }
  }
  throw new Error('no demo customer with a phone, cases and a dedicated staff member')
}

test('an agent finds customers in Chinese and by phone fragment and opens a profile', async () => {
  const { customer, cases } = await sampleCustomer()
  const page = await newPage(world)
  await login(world, page, 'agent')
  await page.locator('.aside [data-nav="/customers"]').click()
  await page.locator('[data-test=customer-table] .el-table__row').first().waitFor()

  // Chinese: the surname alone (a one-character word) finds every customer of that name.
  const chinese = customer.name.slice(0, 1)
  await field(page, 'customer-search-input').fill(chinese)
  await page.locator('[data-test=customer-search]').click()
  await page.waitForURL((u) => u.searchParams.get('q') === chinese)
  await page.locator(`[data-test="customer-${customer.id}"]`).waitFor()
  const expected = await agentApi.get(`/customers?q=${encodeURIComponent(chinese)}&limit=50`)
  assert.ok(expected.items.every((c) => c.name.includes(chinese)))
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-test=customer-table] .el-table__body .el-table__row').length === n,
    expected.items.length,
  )
  await shot(page, 'customers')

  // Phone fragment: the last six digits.
  const fragment = customer.phone.replace(/\D/g, '').slice(-6)
  await field(page, 'customer-search-input').fill(fragment)
  await page.keyboard.press('Enter')
  await page.waitForURL((u) => u.searchParams.get('q') === fragment)
  await page.locator(`[data-test="customer-${customer.id}"]`).waitFor()
  // Every row shown holds the fragment (waits for the new answer to replace the previous one).
  await page.waitForFunction((f) => {
    const phones = [...document.querySelectorAll('[data-test=customer-phone]')].map((e) => e.textContent.replace(/\D/g, ''))
    return phones.length > 0 && phones.every((p) => p.includes(f))
  }, fragment)

  await page.locator(`[data-test="customer-${customer.id}"]`).click()
  await page.waitForURL(new RegExp(`/customers/${customer.id}$`))
  assert.equal(await page.locator('[data-test=customer-name]').textContent(), customer.name)
  assert.equal(await page.locator('[data-test=profile-phone]').textContent(), customer.phone, 'agents see the full number')
  assert.equal(await page.locator('[data-test=masked]').count(), 0)
  const dedicated = (await agentApi.get('/directory')).items.find((p) => p.id === customer.dedicated_staff_id)
  assert.equal(await page.locator('[data-test=dedicated]').textContent(), dedicated.display_name)
  await page.locator('[data-test=customer-cases] .el-table__row', { hasText: cases[0].number }).waitFor()
  await shot(page, 'customer-profile')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('an agent edits a profile: tier and a custom attribute are saved', async () => {
  const { customer } = await sampleCustomer()
  const page = await newPage(world)
  await login(world, page, 'agent')
  await page.goto(`${world.base}/customers/${customer.id}`)
  await page.locator('[data-test=edit-customer]').click()
  await page.locator('[data-test=cu-tier]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '重点客户' }).click()
  await page.locator('.el-dialog button', { hasText: '添加属性' }).click()
  await page.getByLabel(/^属性 \d+ 名称$/).last().fill('parking')
  await page.getByLabel(/^属性 \d+ 值$/).last().fill('B2-018')
  await page.locator('[data-test=save-customer]').click()
  await page.locator('[data-test=attributes] .el-table__row', { hasText: 'B2-018' }).waitFor()
  const saved = await agentApi.get(`/customers/${customer.id}`)
  assert.equal(saved.tier, 'key_account')
  assert.equal(saved.attributes.parking, 'B2-018')
  assert.equal(saved.phone, customer.phone, 'the phone is unchanged')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('an auditor sees the masked phone numbers the API gives, on a phone-sized screen too', async () => {
  const auditorApi = await apiSession(world, 'auditor')
  const { customer } = await sampleCustomer()
  const masked = await auditorApi.get(`/customers/${customer.id}`)
  assert.match(masked.phone, /\*/, 'the API masks phones for auditors')
  const page = await newPage(world, { width: 390, height: 844 })
  await login(world, page, 'auditor')
  await page.goto(`${world.base}/customers/${customer.id}`)
  await page.locator('[data-test=customer-name]').waitFor()
  assert.equal(await page.locator('[data-test=profile-phone]').textContent(), masked.phone)
  await page.locator('[data-test=masked]').waitFor()
  assert.equal(await page.locator('[data-test=edit-customer]').count(), 0, 'auditors only read')
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `no horizontal scrolling (${overflow}px)`)
  await shot(page, 'customer-profile-mobile')
  await page.goto(`${world.base}/customers?q=${encodeURIComponent(customer.phone.slice(-4))}`)
  await page.locator('[data-test=customer-table] .el-table__row').first().waitFor()
  for (const phone of await page.locator('[data-test=customer-phone]').allTextContents()) assert.match(phone, /\*/)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
