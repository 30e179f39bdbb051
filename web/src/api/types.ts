// Shapes of /api/v1 answers (docs/openapi.yaml). Only the fields the UI reads are typed.
export type Role = 'admin' | 'quality_manager' | 'manager' | 'supervisor' | 'agent' | 'field_staff' | 'auditor'
export const ROLES: Role[] = ['admin', 'quality_manager', 'manager', 'supervisor', 'agent', 'field_staff', 'auditor']

export interface User {
  id: number
  login: string
  display_name: string
  role: Role
  org_unit_id: number
  supervisor_id: number | null
  phone?: string
  email?: string
  active?: boolean
  version?: number
}

export interface Session {
  user: User
  csrf_token: string
  max_backdating_minutes?: number
}

export type TargetState = 'running' | 'warning' | 'paused' | 'breached' | 'met' | 'met_late'
export interface Target {
  key: string
  name_zh?: string
  name_en?: string
  clock: string
  limit: string
  due_at: string | null
  warn_at: string | null
  met_at: string | null
  breached_at: string | null
  extended_due: string | null
  state: TargetState
}

export interface Transition {
  key: string
  zh: string
  en: string
  to: string
  required: string[]
}

export interface Customer {
  id: number
  kind: 'individual' | 'organisation'
  name: string
  phone: string
  email: string
  wechat: string
  address: string
  unit: string
  tier: string
  org_unit_id: number
  dedicated_staff_id: number | null
  version: number
}

export interface Case {
  id: number
  number: string
  case_type_id: number
  category_id: number
  title: string
  description: string
  channel: string
  severity: 'ordinary' | 'serious' | 'major'
  status: string
  closed: boolean
  customer_id: number | null
  owner_id: number
  assignee_id: number | null
  org_unit_id: number
  received_at: string
  created_at?: string
  arrived_at: string | null
  resolved_at: string | null
  closed_at: string | null
  targets: Target[]
  version: number
}

export interface CaseView extends Case {
  case_type: string
  category: string
  status_name?: { zh: string; en: string }
  transitions: Transition[]
  owner: { id: number; display_name: string }
  assignee: { id: number; display_name: string } | null
  customer: Customer | null
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface TimelineEntry {
  id: number
  case_id: number
  at: string
  actor_id: number | null
  kind: string
  visibility: 'public' | 'internal'
  body: string
  data: Record<string, unknown>
}

export interface Attachment {
  id: number
  case_id: number
  filename: string
  content_type: string
  size: number
  uploaded_by: number
  uploaded_at: string
  url: string
}

export interface Extension {
  id: number
  case_id: number
  target_key: string
  requested_by: number
  requested_at: string
  requested_due: string
  reason: string
  status: 'pending' | 'approved' | 'rejected'
  decided_by: number | null
  decision_note: string
  version: number
}

export interface CaseLink {
  case_id: number
  linked_case_id: number
  kind: string
}

export interface PolicyTarget {
  key: string
  zh?: string
  en?: string
  name_zh?: string
  name_en?: string
  clock: string
  limit: string
}

export interface Category {
  id: number
  parent_id: number | null
  case_type_id: number
  key: string
  name_zh: string
  name_en: string
  calendar_id: number
  policy: { targets?: PolicyTarget[]; [k: string]: unknown }
  active: boolean
  version: number
}

export interface CaseType {
  id: number
  key: string
  prefix: string
  name_zh: string
  name_en: string
  workflow?: { statuses?: { key: string; zh: string; en: string; final?: boolean }[] }
}

export interface Notification {
  id: number
  case_id: number | null
  kind: string
  title: string
  body: string
  created_at: string
  read: boolean
}

export interface SearchResult {
  cases: Case[]
  customers: Customer[]
  more_cases: boolean
  more_customers: boolean
}

export interface DirectoryEntry {
  id: number
  display_name: string
  role: Role
  org_unit_id: number
  unit_name: string
}

export interface OrgUnit {
  id: number
  parent_id: number | null
  kind: string
  code: string
  name: string
  path: string
}
