// The unread-notification count in the header, polled every 30 s and refreshed after a
// notification is marked read.
import { ref } from 'vue'
import { get, post } from '@/api/client'
import type { Notification, Page } from '@/api/types'

export const unread = ref(0)
let timer: number | undefined

export async function refreshUnread() {
  try {
    unread.value = (await get<{ unread: number }>('/notifications/unread-count')).unread
  } catch {
    /* signed out or offline: keep the last count */
  }
}

export function startPolling() {
  stopPolling()
  refreshUnread()
  timer = window.setInterval(refreshUnread, 30_000)
}

export function stopPolling() {
  if (timer) window.clearInterval(timer)
  timer = undefined
}

export async function listNotifications(unreadOnly: boolean, limit = 50) {
  return get<Page<Notification>>('/notifications', { unread: unreadOnly ? true : undefined, limit })
}

export async function markRead(id: number) {
  await post(`/notifications/${id}/read`)
  await refreshUnread()
}
