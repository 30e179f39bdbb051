// Categories and case types, loaded once and shared (the intake form, queue filters, labels).
import { computed, ref } from 'vue'
import { get } from '@/api/client'
import type { CaseType, Category } from '@/api/types'
import { pick } from '@/i18n'

const categories = ref<Category[]>([])
const caseTypes = ref<CaseType[]>([])
let loading: Promise<void> | null = null

export function useCategories() {
  if (!loading) {
    loading = Promise.all([
      get<{ items: Category[] }>('/categories'),
      get<{ items: CaseType[] }>('/case-types'),
    ])
      .then(async ([c, t]) => {
        categories.value = c.items
        // The list has no workflows; each type's statuses name the queue's status column.
        caseTypes.value = await Promise.all(t.items.map((ct) => get<CaseType>(`/case-types/${ct.id}`).catch(() => ct)))
      })
      .catch(() => {
        loading = null
      })
  }
  const byId = computed(() => new Map(categories.value.map((c) => [c.id, c])))
  const categoryName = (id: number | null | undefined) => {
    const c = id ? byId.value.get(id) : undefined
    return c ? pick(c.name_zh, c.name_en) : ''
  }
  // Leaf categories (those with a time limit) can take cases; parents only group them.
  const leaves = computed(() => {
    const parents = new Set(categories.value.map((c) => c.parent_id).filter(Boolean))
    return categories.value.filter((c) => c.active && !parents.has(c.id))
  })
  const statusName = (caseTypeId: number, status: string) => {
    const ct = caseTypes.value.find((x) => x.id === caseTypeId)
    const st = ct?.workflow?.statuses?.find((x) => x.key === status)
    return st ? pick(st.zh, st.en) : status
  }
  // A target's name from its category's policy (list answers carry only the key).
  const targetName = (categoryId: number | undefined, key: string) => {
    const c = categoryId ? byId.value.get(categoryId) : undefined
    const tg = c?.policy?.targets?.find((x) => x.key === key)
    return tg ? pick(tg.zh ?? tg.name_zh, tg.en ?? tg.name_en) : ''
  }
  return { categories, caseTypes, leaves, byId, categoryName, statusName, targetName, ready: () => loading }
}
