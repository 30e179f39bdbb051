// Names of the people of the caller's company (GET /api/v1/directory), loaded once per session
// and shared: `nameOf(id)` for timelines and tables, `people` for choosing a handler.
import { computed, ref } from 'vue'
import { get } from '@/api/client'
import type { DirectoryEntry } from '@/api/types'

const people = ref<DirectoryEntry[]>([])
let loading: Promise<void> | null = null

export function useDirectory() {
  if (!loading) {
    loading = get<{ items: DirectoryEntry[] }>('/directory')
      .then((r) => {
        people.value = r.items
      })
      .catch(() => {
        loading = null
      })
  }
  const byId = computed(() => new Map(people.value.map((p) => [p.id, p])))
  const nameOf = (id: number | null | undefined) => (id ? byId.value.get(id)?.display_name ?? `#${id}` : '')
  const handlers = computed(() => people.value.filter((p) => p.role !== 'auditor'))
  return { people, handlers, nameOf, ready: () => loading }
}

export function resetDirectory() {
  people.value = []
  loading = null
}
