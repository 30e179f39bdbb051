// A survey segment as the API names it ("vip/u12": customer tier / organisation unit id) in words.
import type { OrgUnit } from '@/api/types'
import { i18n } from '@/i18n'

const TIERS = ['ordinary', 'vip', 'key_account']

export function segmentLabel(segment: string, units: OrgUnit[]): string {
  return segment
    .split('/')
    .map((p) => {
      if (TIERS.includes(p)) return i18n.global.t('customer.tiers.' + p)
      const m = /^u(\d+)$/.exec(p)
      if (m) return units.find((u) => u.id === Number(m[1]))?.name ?? p
      return p
    })
    .join(' · ')
}
