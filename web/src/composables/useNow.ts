// One shared clock for every countdown on the page: ticks once a second while any component
// uses it, so a queue of 100 countdowns costs one timer.
import { onBeforeUnmount, ref } from 'vue'

const now = ref(Date.now())
let users = 0
let timer: number | undefined

export function useNow() {
  if (users++ === 0) {
    now.value = Date.now()
    timer = window.setInterval(() => (now.value = Date.now()), 1000)
  }
  onBeforeUnmount(() => {
    if (--users === 0 && timer) {
      window.clearInterval(timer)
      timer = undefined
    }
  })
  return now
}
