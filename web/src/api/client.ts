// The one way the UI talks to csqm: fetch on /api/v1 with the session cookie, the CSRF token
// on every change, If-Match from a version, and problem+json turned into an ApiError whose
// message follows the UI language. Pages call the typed helpers in api/endpoints.ts.
import { i18n } from '@/i18n'

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public field: string | undefined,
    message: string,
  ) {
    super(message)
  }
}

let csrfToken = ''
export function setCsrfToken(token: string) {
  csrfToken = token
}

// Called when any request answers 401 (session gone): the router sends the user to /login.
let onUnauthorized: () => void = () => {}
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null | (string | number)[]>
  body?: unknown
  version?: number // sent as If-Match: "v<version>"
  raw?: Blob | File // sent as the raw body (attachments)
  contentType?: string
}

export function buildQuery(query: RequestOptions['query']): string {
  if (!query) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((x) => p.append(k, String(x)))
    else p.append(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

export async function api<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const lang = i18n.global.locale.value
  headers['Accept-Language'] = lang === 'en' ? 'en' : 'zh-CN'
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  if (opts.version !== undefined) headers['If-Match'] = `"v${opts.version}"`
  let body: BodyInit | undefined
  if (opts.raw) {
    body = opts.raw
    headers['Content-Type'] = opts.contentType || opts.raw.type || 'application/octet-stream'
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body)
    headers['Content-Type'] = 'application/json'
  }
  const res = await fetch(`/api/v1${path}${buildQuery(opts.query)}`, {
    method,
    headers,
    body,
    credentials: 'same-origin',
  })
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let data: any = undefined
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/session') onUnauthorized()
    const msg =
      (lang === 'en' ? data?.message_en : data?.message_zh) || data?.title || `${res.status} ${res.statusText}`
    throw new ApiError(res.status, data?.code ?? 'http.error', data?.field, msg)
  }
  return data as T
}

export const get = <T>(path: string, query?: RequestOptions['query']) => api<T>('GET', path, { query })
export const post = <T>(path: string, body?: unknown, version?: number) => api<T>('POST', path, { body, version })
export const patch = <T>(path: string, body: unknown, version?: number) => api<T>('PATCH', path, { body, version })
export const put = <T>(path: string, body: unknown, version?: number) => api<T>('PUT', path, { body, version })
export const del = <T>(path: string) => api<T>('DELETE', path)

// A message for an error thrown by api(): the server's message in the UI language.
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error) return e.message
  return String(e)
}
