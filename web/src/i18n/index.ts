// vue-i18n: Simplified Chinese by default, English switchable; the choice is kept in
// localStorage. Every key lives in both zh-CN.ts and en.ts (en.ts is typed against zh-CN.ts).
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

export type Locale = 'zh-CN' | 'en'
const saved = (typeof localStorage !== 'undefined' && localStorage.getItem('csqm.locale')) as Locale | null

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale
  localStorage.setItem('csqm.locale', locale)
  document.documentElement.lang = locale
}

// Picks the Chinese or English one of a pair of names the API returns (name_zh/name_en, zh/en).
export function pick(zh: string | undefined, enName: string | undefined): string {
  return (i18n.global.locale.value === 'en' ? enName || zh : zh || enName) ?? ''
}

// The server writes some texts in both languages as "中文 / English" (notification titles,
// escalation entries): show the half for the UI language.
export function localText(text: string): string {
  const m = /^([\s\S]*[\u4e00-\u9fff（）][\s\S]*?)\s*\/\s+([A-Za-z][\s\S]*)$/.exec(text)
  if (!m) return text
  return i18n.global.locale.value === 'en' ? m[2] : m[1]
}
