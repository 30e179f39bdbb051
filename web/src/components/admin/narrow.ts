// True below 768 px (the phone layout), kept current while the page is open. Tables use it to
// drop columns instead of hiding their cells (hidden cells still take their width).
import { onBeforeUnmount, onMounted, ref } from 'vue'

export function useNarrow() {
  const media = window.matchMedia('(max-width: 767px)')
  const narrow = ref(media.matches)
  const update = () => (narrow.value = media.matches)
  onMounted(() => media.addEventListener('change', update))
  onBeforeUnmount(() => media.removeEventListener('change', update))
  return narrow
}
