// Routes of the callback, survey, quality dashboard and report screens (views/quality), spread
// into appRoutes and the public routes by router/index.ts. Public pages (a personal survey link,
// the suggestion book) need no login.
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/api/types'

const QUALITY_READERS: Role[] = ['admin', 'quality_manager', 'manager', 'auditor'] // app/quality.cpp
const NOT_FIELD: Role[] = ['admin', 'quality_manager', 'manager', 'supervisor', 'agent', 'auditor']

export const qualityRoutes: RouteRecordRaw[] = [
  {
    path: 'callbacks',
    name: 'callbacks',
    component: () => import('@/views/quality/CallbacksView.vue'),
    meta: { title: 'callbacks.title', nav: { group: 'work', order: 35, icon: 'PhoneFilled', label: 'callbacks.nav' } },
  },
  {
    path: 'surveys',
    name: 'surveys',
    component: () => import('@/views/quality/SurveysView.vue'),
    meta: { title: 'surveys.title', roles: NOT_FIELD, nav: { group: 'work', order: 70, icon: 'ChatLineSquare', label: 'surveys.nav' } },
  },
  {
    path: 'surveys/new',
    name: 'survey-new',
    component: () => import('@/views/quality/SurveyEditView.vue'),
    meta: { title: 'surveys.newTitle', roles: ['admin', 'quality_manager'] },
  },
  {
    path: 'surveys/:id(\\d+)/edit',
    name: 'survey-edit',
    component: () => import('@/views/quality/SurveyEditView.vue'),
    meta: { title: 'surveys.editTitle', roles: ['admin', 'quality_manager'] },
  },
  {
    path: 'surveys/:id(\\d+)',
    name: 'survey',
    component: () => import('@/views/quality/SurveyView.vue'),
    meta: { title: 'surveys.title', roles: NOT_FIELD },
  },
  {
    path: 'quality',
    name: 'quality-dashboard',
    component: () => import('@/views/quality/QualityDashboardView.vue'),
    meta: { title: 'qdash.title', roles: QUALITY_READERS, nav: { group: 'work', order: 80, icon: 'DataLine', label: 'qdash.nav' } },
  },
  {
    path: 'quality/reports',
    name: 'quality-reports',
    component: () => import('@/views/quality/ReportsView.vue'),
    meta: { title: 'reports.title', roles: QUALITY_READERS, nav: { group: 'work', order: 85, icon: 'Document', label: 'reports.nav' } },
  },
  {
    path: 'admin/callback-rules',
    name: 'callback-rules',
    component: () => import('@/views/quality/CallbackRulesView.vue'),
    meta: { title: 'callbackRules.title', roles: QUALITY_READERS, nav: { group: 'admin', order: 50, icon: 'Finished', label: 'callbackRules.nav' } },
  },
]

export const publicQualityRoutes: RouteRecordRaw[] = [
  { path: '/s/:token', name: 'public-survey', component: () => import('@/views/quality/PublicSurveyView.vue'), meta: { public: true, title: 'surveys.publicTitle' } },
  { path: '/suggest', name: 'suggestion-book', component: () => import('@/views/quality/SuggestionBookView.vue'), meta: { public: true, title: 'suggestions.publicTitle' } },
]
