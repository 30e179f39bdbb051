import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { setUnauthorizedHandler } from './api/client'
import { session } from './session'
import './styles/main.css'

const app = createApp(App)
for (const [name, component] of Object.entries(Icons)) app.component(`Icon${name}`, component)
app.use(ElementPlus).use(i18n).use(router)
// v-combobox-label="text" on an element wrapping an el-autocomplete: Element Plus labels the
// inner <input>, but the role=combobox element around it needs the label too.
const labelCombobox = (el: HTMLElement, b: { value: unknown }) =>
  el.querySelectorAll('[role=combobox]').forEach((c) => c.setAttribute('aria-label', String(b.value)))
app.directive('combobox-label', { mounted: labelCombobox, updated: labelCombobox })
setUnauthorizedHandler(() => {
  session.user = null
  if (router.currentRoute.value.name !== 'login') router.push({ name: 'login' })
})
document.documentElement.lang = i18n.global.locale.value
app.mount('#app')
