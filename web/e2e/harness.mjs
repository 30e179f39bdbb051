// The browser tests' world: a real `csqm serve` on a free loopback port with a fresh data dir
// seeded with the property template and the demo company, and Debian's Chromium driven by
// playwright-core. Environment:
//   E2E_CSQM_BIN  the csqm binary            (default ../build/csqm from the repository root)
//   E2E_WEB_DIR   the built UI               (default web/dist)
//   CHROMIUM      the browser                (default /usr/bin/chromium)
//   E2E_SCREENSHOTS  where PNGs go           (default docs/screenshots)
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync, mkdirSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
export const repo = resolve(here, '..', '..')
export const PASSWORD = 'csqm-demo-2026'
export const screenshotsDir = process.env.E2E_SCREENSHOTS ?? join(repo, 'docs', 'screenshots')

// One demo login per role (see `csqm seed --demo`).
export const LOGINS = {
  admin: 'demo.admin',
  quality_manager: 'demo.quality',
  manager: 'demo.manager1',
  supervisor: 'demo.supervisor1',
  agent: 'demo.agent1',
  field_staff: 'demo.field1',
  auditor: 'demo.auditor',
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })
}

async function waitReady(base, child, ms = 30_000) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`csqm serve exited with ${child.exitCode}`)
    try {
      const r = await fetch(`${base}/readyz`)
      if (r.ok) return
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('csqm serve did not become ready')
}

export async function startWorld() {
  const bin = resolve(process.env.E2E_CSQM_BIN ?? join(repo, 'build', 'csqm'))
  const webDir = resolve(process.env.E2E_WEB_DIR ?? join(repo, 'web', 'dist'))
  const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium'
  // A build of web/dist running at the same time empties it first: give it a minute to finish.
  for (let i = 0; i < 120 && !existsSync(join(webDir, 'index.html')); i++) await new Promise((r) => setTimeout(r, 500))
  for (const [what, path] of [['csqm binary', bin], ['web/dist/index.html', join(webDir, 'index.html')], ['chromium', browserPath]]) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path} (run make build; chromium comes from deps/debian-packages.txt)`)
  }
  const data = mkdtempSync(join(tmpdir(), 'csqm-e2e-'))
  // csqm refuses unknown CSQM_* variables: hand it a clean environment.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CSQM_')))
  // Serve a copy of the built UI, so that a rebuild of web/dist during the run cannot swap the
  // lazily loaded chunks under the browser.
  cpSync(webDir, join(data, 'web'), { recursive: true })
  env.CSQM_WEB_DIR = join(data, 'web')
  execFileSync(bin, ['seed', '--template', 'property', '--demo', '--data', data], { stdio: 'pipe', env, cwd: repo })
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const log = []
  const server = spawn(bin, ['serve', '--data', data, '--listen', `127.0.0.1:${port}`], {
    env,
    cwd: repo, // templates/ is found relative to the repository
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout.on('data', (d) => log.push(String(d)))
  server.stderr.on('data', (d) => log.push(String(d)))
  await waitReady(base, server)
  const browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'],
  })
  mkdirSync(screenshotsDir, { recursive: true })
  return {
    base,
    browser,
    data,
    log,
    async stop() {
      await browser.close().catch(() => {})
      server.kill('SIGTERM')
      await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)))
      rmSync(data, { recursive: true, force: true })
    },
  }
}

// A browser page of the given size, with console errors collected into page.errors.
export async function newPage(world, { width = 1280, height = 800, locale = 'zh-CN' } = {}) {
  const context = await world.browser.newContext({ viewport: { width, height }, locale, deviceScaleFactor: 1 })
  const page = await context.newPage()
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(String(e)))
  page.setDefaultTimeout(15_000)
  return page
}

export async function login(world, page, role) {
  await page.goto(`${world.base}/login`)
  await page.locator('#login-name').fill(LOGINS[role])
  await page.locator('#login-password').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

export async function shot(page, name) {
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.waitForTimeout(600) // Element Plus tags and popovers fade in
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`) })
}

// Calls the API as a user (own cookie jar); for setting up data the UI then shows.
export async function apiSession(world, role) {
  const r = await fetch(`${world.base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: LOGINS[role], password: PASSWORD }),
  })
  if (r.status !== 201) throw new Error(`login ${role}: ${r.status} ${await r.text()}`)
  const cookie = r.headers.get('set-cookie').split(';')[0]
  const { csrf_token, user } = await r.json()
  const call = async (method, path, body) => {
    const res = await fetch(`${world.base}/api/v1${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf_token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
    return text ? JSON.parse(text) : undefined
  }
  return { user, get: (p) => call('GET', p), post: (p, b) => call('POST', p, b ?? {}) }
}

// The text box of an Element Plus input marked data-test=name (the attribute lands on the
// native <input>/<textarea> or on its wrapper, depending on the component).
export function field(page, name) {
  const n = `[data-test="${name}"]`
  return page.locator(`input${n}, textarea${n}, ${n} input, ${n} textarea`).first()
}

// Visible form controls and buttons without an accessible name (label, aria-label, text,
// title): a rough check that every control is labelled.
export async function unlabelledControls(page) {
  return page.evaluate(() => {
    const out = []
    for (const el of document.querySelectorAll('input, textarea, select, button, [role=button], [role=combobox]')) {
      const r = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      if (el.type === 'hidden' || style.visibility === 'hidden' || style.display === 'none') continue
      if ((r.width === 0 || r.height === 0) && el.tagName !== 'INPUT') continue
      if (el.closest('[aria-hidden=true]')) continue
      const labelled =
        el.getAttribute('aria-label') ||
        el.getAttribute('aria-labelledby') ||
        el.getAttribute('title') ||
        (el.labels && el.labels.length) ||
        (el.tagName === 'BUTTON' && el.textContent.trim()) ||
        el.closest('label')?.textContent.trim()
      if (!labelled) out.push(el.outerHTML.slice(0, 160))
    }
    return out
  })
}
