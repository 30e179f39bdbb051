// Shapes of the callback, survey and quality answers of /api/v1 (docs/openapi.yaml: callback-*,
// surveys, suggestions, public/*, quality/*). Only the fields the UI reads are typed.

export type CallbackChannel = 'phone' | 'visit' | 'letter' | 'email'
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied'
export type RuleKind = 'case_resolved' | 'customer_event' | 'routine' | 'complaint_sample'

export interface CallbackRule {
  id: number
  name: string
  kind: RuleKind
  active: boolean
  case_type_ids: number[]
  category_ids: number[]
  event: string | null
  tiers: string[]
  segment_org_unit_id: number | null
  interval_days: number
  sample_percent: number
  channel: CallbackChannel
  calendar_id: number | null
  clock: 'business' | 'workdays' | '24x7'
  limit: string
  max_attempts: number
  retry_minutes: number
  on_unsatisfied: 'reopen' | 'new_case'
  followup_category_id: number | null
  script: string
  next_run_at: string | null
  version: number
}

export interface CallbackAttempt {
  id: number
  at: string
  actor_id: number | null
  result: string
  note: string
}

export interface CallbackTask {
  id: number
  rule_id: number
  sample_id: number | null
  case_id: number | null
  customer_id: number
  org_unit_id: number
  category_id: number | null
  case_type: string | null
  severity: string | null
  channel: CallbackChannel
  status: 'open' | 'done' | 'failed' | 'cancelled'
  assignee_id: number | null
  created_at: string
  due_at: string | null
  overdue: boolean
  next_attempt_at: string | null
  attempts: number
  max_attempts: number
  completed_at: string | null
  completed_by: number | null
  solved: boolean | null
  satisfaction: Satisfaction | null
  score: number | null
  opinion: string | null
  suggestion: string | null
  violation: boolean
  violation_note: string | null
  evidence: Record<string, unknown>
  follow_up_case_id: number | null
  version: number
  // GET /callback-tasks/{id} only
  attempts_log?: CallbackAttempt[]
  rule_name?: string
  script?: string
}

export interface SampleStratum {
  stratum: string
  category_id: number
  org_unit_id: number
  population: number
  major: number
  quota: number
  selected: number
  done: number
  coverage: number
}

export interface CallbackSample {
  id: number
  rule_id: number
  month: string
  seed: number | string
  percent: number
  population: number
  major_population: number
  selected: number
  quota_rate: number
  done: number
  coverage: number
  strata: SampleStratum[]
  created_at: string
}

export type QuestionKind = 'rating' | 'single' | 'multiple' | 'text'
export interface SurveyOption {
  key: string
  zh: string
  en?: string
}
export interface SurveyQuestion {
  id?: number
  position?: number
  section: string
  kind: QuestionKind
  text_zh: string
  text_en: string
  options: SurveyOption[]
  required: boolean
}

export interface Survey {
  id: number
  kind: string // questionnaire | suggestion_book
  title: string
  description: string
  status: 'draft' | 'open' | 'closed'
  created_at: string
  version: number
  questions?: SurveyQuestion[]
}

export interface PublicSurvey {
  title: string
  description: string
  questions: SurveyQuestion[]
}

export interface SurveyAnswer {
  question_id: number
  score?: number
  choices?: string[]
  text?: string
}

export interface InvitationResult {
  seed: string
  invitations: { id: number; customer_id: number; segment: string; token: string; link: string; expires_at: string }[]
  strata: { segment: string; population: number; quota: number; selected: number }[]
  already_invited: number
}

export interface SurveyResults {
  survey: Survey
  responses: number
  questions: {
    question_id: number
    section: string
    kind: QuestionKind
    text_zh: string
    answered: number
    mean: number | null
    distribution: Record<string, number>
  }[]
  coverage: { segment: string; invited: number; answered: number; rate: number }[]
}

export interface Suggestion {
  id: number
  submitted_at: string
  contact: string
  text: string
}

export interface IndicatorValue {
  value: number | null
  target: number | null
  met: boolean | null
  numerator: number
  denominator: number
}
export interface IndicatorSet {
  group: string
  name: string
  indicators: Record<string, IndicatorValue>
  sla_attainment: { target_key: string; met_on_time: number; missed: number; rate: number | null }[]
}
export interface EarlyWarning {
  indicator: string
  month_to_date: number
  projected: number
  target: number
}
export interface IndicatorsAnswer {
  period: string
  period_kind: string
  first_day: string
  last_day: string
  org_unit_id: number
  total: IndicatorSet
  groups: IndicatorSet[]
  early_warnings: EarlyWarning[]
}
export interface DashboardAnswer {
  org_unit_id: number
  months: (IndicatorSet & { month: string })[]
  pareto: { category_id: number; name: string; count: number; cumulative_share: number }[]
  early_warnings: EarlyWarning[]
}
export interface IndicatorTarget {
  indicator: string
  name_zh: string
  name_en: string
  direction: 'at_least' | 'at_most'
  target: number
  is_default: boolean
  version: number
}

export interface QualityReport {
  id: number
  period: string
  org_unit_id: number
  generated_at: string
  generated_by: number | null
  sent_at: string | null
  html_url: string
  xlsx_url: string
  version: number
  report?: Record<string, unknown>
  improvements_raised?: number
  notified?: number
}

// How each indicator's value is shown: ratios as percentages, scores with one decimal.
export const INDICATOR_UNITS: Record<string, 'count' | 'ratio' | 'minutes' | 'score' | 'per_1000'> = {
  received: 'count',
  closed: 'count',
  on_time_rate: 'ratio',
  sla_attainment: 'ratio',
  median_handling_minutes: 'minutes',
  p90_handling_minutes: 'minutes',
  reopen_rate: 'ratio',
  callback_rate: 'ratio',
  major_callback_rate: 'ratio',
  satisfaction_rate: 'ratio',
  survey_score: 'score',
  complaints_per_1000: 'per_1000',
}

export function formatIndicator(key: string, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  switch (INDICATOR_UNITS[key]) {
    case 'ratio':
      return `${(v * 100).toFixed(1)}%`
    case 'score':
    case 'per_1000':
      return v.toFixed(2)
    case 'minutes':
      return String(Math.round(v))
    default:
      return String(Math.round(v))
  }
}

// The local month before `d` as YYYY-MM (the last closed month).
export function lastMonth(d = new Date()): string {
  const m = new Date(d.getFullYear(), d.getMonth() - 1, 1)
  return `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`
}
export function thisMonth(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}
