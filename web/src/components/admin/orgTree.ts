// Organisation units as a tree for el-tree / el-tree-select (parents before children).
import type { AdminOrgUnit } from '@/api/admin'

export interface UnitNode {
  value: number
  label: string
  unit: AdminOrgUnit
  children: UnitNode[]
}

export function unitTree(units: AdminOrgUnit[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>()
  for (const u of units) nodes.set(u.id, { value: u.id, label: u.name, unit: u, children: [] })
  const roots: UnitNode[] = []
  for (const u of units) {
    const n = nodes.get(u.id)!
    const parent = u.parent_id ? nodes.get(u.parent_id) : undefined
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  return roots
}

// "公司 / 项目 / 部门": the names along a unit's path.
export function unitPathName(units: AdminOrgUnit[], id: number | null | undefined): string {
  const byId = new Map(units.map((u) => [u.id, u]))
  const u = id ? byId.get(id) : undefined
  if (!u) return id ? `#${id}` : ''
  return u.path
    .split('/')
    .filter(Boolean)
    .map((x) => byId.get(Number(x))?.name ?? '')
    .filter(Boolean)
    .join(' / ')
}
