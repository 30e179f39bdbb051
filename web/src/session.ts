// Who is signed in: one reactive object shared by every page. `can(role…)` is how pages and
// the navigation decide what to show; the server checks again on every request.
import { reactive } from 'vue'
import { api, setCsrfToken } from '@/api/client'
import type { Role, Session, User } from '@/api/types'

export const session = reactive<{ user: User | null; loaded: boolean; maxBackdatingMinutes: number }>({
  user: null,
  loaded: false,
  maxBackdatingMinutes: 72 * 60,
})

export async function loadSession(): Promise<User | null> {
  try {
    const s = await api<Session>('GET', '/session')
    setCsrfToken(s.csrf_token)
    session.user = s.user
    if (s.max_backdating_minutes) session.maxBackdatingMinutes = s.max_backdating_minutes
  } catch {
    session.user = null
  }
  session.loaded = true
  return session.user
}

export async function login(loginName: string, password: string): Promise<User> {
  const s = await api<Session>('POST', '/session', { body: { login: loginName, password } })
  setCsrfToken(s.csrf_token)
  session.user = s.user
  await loadSession() // the sign-in answer has no settings; GET /session does
  return s.user
}

export async function logout() {
  try {
    await api('DELETE', '/session')
  } finally {
    session.user = null
    setCsrfToken('')
  }
}

export function can(...roles: Role[]): boolean {
  return !!session.user && roles.includes(session.user.role)
}

// Roles that write cases (open, comment, transfer); field staff only handle visits.
export const CASE_WRITERS: Role[] = ['admin', 'quality_manager', 'manager', 'supervisor', 'agent']
export const DECIDERS: Role[] = ['admin', 'quality_manager', 'manager']

// The page a role lands on after signing in.
export function homeFor(role: Role): string {
  if (role === 'field_staff') return '/field'
  if (role === 'auditor') return '/search'
  return '/queues'
}
