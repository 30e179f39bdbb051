// What a date is in a working calendar: a working day (with hours), a closed weekday, a holiday
// or a make-up working day; the rules of core::HoursOn (src/core/calendar.hpp).
import { WEEKDAYS, type CalendarSpec, type Interval } from '@/api/admin'

export type DayKind = 'work' | 'closed' | 'holiday' | 'extra'

export function dayInfo(spec: CalendarSpec, date: string): { kind: DayKind; hours: Interval[] } {
  if (spec.holidays.includes(date)) return { kind: 'holiday', hours: [] }
  const extra = spec.extra_workdays.find((x) => (typeof x === 'string' ? x : x.date) === date)
  if (extra) {
    const hours = typeof extra === 'string' || !extra.hours ? spec.week.mon ?? [] : extra.hours
    return { kind: 'extra', hours }
  }
  const [y, m, d] = date.split('-').map(Number)
  const hours = spec.week[WEEKDAYS[(new Date(y, m - 1, d).getDay() + 6) % 7]] ?? []
  return { kind: hours.length ? 'work' : 'closed', hours }
}

// The spec with `date` set to `kind`: 'default' follows the weekly hours.
export function setDay(spec: CalendarSpec, date: string, kind: 'default' | 'holiday' | 'extra'): CalendarSpec {
  const holidays = spec.holidays.filter((d) => d !== date)
  const extras = spec.extra_workdays.filter((x) => (typeof x === 'string' ? x : x.date) !== date)
  if (kind === 'holiday') holidays.push(date)
  if (kind === 'extra') extras.push({ date })
  holidays.sort()
  extras.sort((a, b) => ((typeof a === 'string' ? a : a.date) < (typeof b === 'string' ? b : b.date) ? -1 : 1))
  return { ...spec, holidays, extra_workdays: extras }
}
