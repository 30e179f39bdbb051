// Shapes of the configuration and customer answers (docs/openapi.yaml, src/http/admin_json.cpp,
// case_json.cpp) used by the admin and customer screens, and a helper that turns a server
// error's `field` into per-field messages for a form.
import { ApiError, errorMessage } from '@/api/client'
import type { Role } from '@/api/types'

export type ClockKind = 'business' | 'workdays' | '24x7'
export const CLOCKS: ClockKind[] = ['business', 'workdays', '24x7']
export const MET_EVENTS = ['first_public_reply', 'arrival', 'resolved'] as const
export const RECIPIENTS = ['assignee', 'owner', 'owner_supervisor', 'owner_manager'] as const
export const SEVERITIES = ['ordinary', 'serious', 'major'] as const

export interface EscalationStep {
  at: string // "75%", "breach", "breach+2h"
  notify: string[] // assignee, owner, owner_supervisor, owner_manager, role:<role>
  raise_severity?: string
  [k: string]: unknown
}

export interface SlaTarget {
  key: string
  zh?: string
  en?: string
  clock: ClockKind
  limit: string
  met_by?: { event?: string; status?: string }
  escalation?: EscalationStep[]
  [k: string]: unknown
}

export interface AdminCategory {
  id: number
  parent_id: number | null
  case_type_id: number
  key: string
  name_zh: string
  name_en: string
  calendar_id: number
  policy: { targets?: SlaTarget[]; [k: string]: unknown }
  active: boolean
  version: number
  replanned_cases?: number
}

export type Interval = [string, string]
export interface ExtraWorkday {
  date: string
  hours?: Interval[]
}
export interface CalendarSpec {
  name?: string
  tz: string
  week: Record<string, Interval[]>
  holidays: string[]
  extra_workdays: (ExtraWorkday | string)[]
  day_minutes?: number
  half_day_minutes?: number
  [k: string]: unknown
}
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

export interface CalendarSummary {
  id: number
  key: string
  name: string
  tz?: string
  updated_at: string
  version: number
}
export interface CalendarFull extends CalendarSummary {
  spec: CalendarSpec
  replanned_cases?: number
  added?: number
  already_present?: number
}

export interface AdminUser {
  id: number
  login: string
  display_name: string
  role: Role
  org_unit_id: number
  supervisor_id: number | null
  phone: string
  email: string
  active: boolean
  created_at: string
  version: number
}

export interface AdminOrgUnit {
  id: number
  parent_id: number | null
  kind: 'company' | 'project' | 'department'
  code: string
  name: string
  path: string
  created_at: string
  version: number
}
export const UNIT_KINDS = ['company', 'project', 'department'] as const

export interface Contact {
  name?: string
  relation?: string
  phone?: string
  [k: string]: unknown
}
export interface FullCustomer {
  id: number
  kind: 'individual' | 'organisation'
  name: string
  phone: string
  email: string
  wechat: string
  address: string
  unit: string
  tier: 'ordinary' | 'vip' | 'key_account'
  org_unit_id: number
  dedicated_staff_id: number | null
  contacts: Contact[]
  attributes: Record<string, unknown>
  created_at: string
  version: number
}
export const TIERS = ['ordinary', 'vip', 'key_account'] as const

// A server error as messages per form field: { [field]: message }, plus the message itself for
// a toast when the field is not one the form shows. Fields look like "policy.targets[0].limit".
export function fieldErrors(e: unknown): { field: string | undefined; message: string } {
  const message = errorMessage(e)
  return { field: e instanceof ApiError && e.field ? e.field : undefined, message }
}

// Local date (YYYY-MM-DD) of a Date, without a time-zone shift.
export function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
