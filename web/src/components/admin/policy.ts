// The editing model of an SLA policy (core/sla_policy.hpp) and its conversion to and from the
// JSON the API stores. Keys the form does not know are kept as they were ("extra").
import type { EscalationStep, SlaTarget } from '@/api/admin'

export interface StepModel {
  mode: 'percent' | 'breach'
  percent: number
  delay: string // after the breach, e.g. "2h"; "" = at the breach
  notify: string[]
  raise_severity: string
  extra: Record<string, unknown>
}
export interface TargetModel {
  key: string
  zh: string
  en: string
  clock: string
  limit: string
  met: string // "event:resolved" or "status:<key>"
  steps: StepModel[]
  extra: Record<string, unknown>
}

export function toStep(s: EscalationStep): StepModel {
  const { at, notify, raise_severity, ...extra } = s
  const pct = /^(\d+)%$/.exec(at)
  return {
    mode: pct ? 'percent' : 'breach',
    percent: pct ? Number(pct[1]) : 75,
    delay: !pct && at.startsWith('breach+') ? at.slice(7) : '',
    notify: [...(notify ?? [])],
    raise_severity: raise_severity ?? '',
    extra,
  }
}

export function fromStep(s: StepModel): EscalationStep {
  const at = s.mode === 'percent' ? `${s.percent}%` : s.delay.trim() ? `breach+${s.delay.trim()}` : 'breach'
  const out: EscalationStep = { ...s.extra, at, notify: s.notify }
  if (s.raise_severity) out.raise_severity = s.raise_severity
  return out
}

export function toTarget(tg: SlaTarget): TargetModel {
  const { key, zh, en, clock, limit, met_by, escalation, ...extra } = tg
  const met = met_by?.status ? 'status:' + met_by.status : 'event:' + (met_by?.event ?? 'resolved')
  return { key, zh: zh ?? '', en: en ?? '', clock, limit, met, steps: (escalation ?? []).map(toStep), extra }
}

export function fromTarget(m: TargetModel): SlaTarget {
  const colon = m.met.indexOf(':')
  const [kind, value] = [m.met.slice(0, colon), m.met.slice(colon + 1)]
  return {
    ...m.extra,
    key: m.key.trim(),
    zh: m.zh,
    en: m.en,
    clock: m.clock as SlaTarget['clock'],
    limit: m.limit.trim(),
    met_by: kind === 'status' ? { status: value } : { event: value },
    escalation: m.steps.map(fromStep),
  }
}
