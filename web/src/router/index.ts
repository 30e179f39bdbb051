// Routes. Each page is one entry: `meta.roles` (who may open it; absent = every signed-in
// user), `meta.nav` (shown in the navigation: group, order, icon, label key) and `meta.title`
// (an i18n key). To add a page see web/README.md.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Role } from '@/api/types'
import { session, loadSession, homeFor, CASE_WRITERS, DECIDERS } from '@/session'
import AppLayout from '@/layout/AppLayout.vue'
import { qualityRoutes, publicQualityRoutes } from './quality'

export interface NavMeta {
  group: 'work' | 'admin'
  order: number
  icon: string // a name from @element-plus/icons-vue
  label: string // i18n key
}

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    roles?: Role[]
    nav?: NavMeta
    public?: boolean
  }
}

const NOT_FIELD: Role[] = ['admin', 'quality_manager', 'manager', 'supervisor', 'agent', 'auditor']
const CONFIGURERS: Role[] = ['admin', 'quality_manager'] // core::MayConfigure

export const appRoutes: RouteRecordRaw[] = [
  {
    path: 'queues',
    name: 'queues',
    component: () => import('@/views/QueuesView.vue'),
    meta: { title: 'nav.queues', roles: NOT_FIELD, nav: { group: 'work', order: 10, icon: 'List', label: 'nav.queues' } },
  },
  {
    path: 'intake',
    name: 'intake',
    component: () => import('@/views/IntakeView.vue'),
    meta: { title: 'nav.intake', roles: CASE_WRITERS, nav: { group: 'work', order: 20, icon: 'Phone', label: 'nav.intake' } },
  },
  {
    path: 'field',
    name: 'field',
    component: () => import('@/views/FieldView.vue'),
    meta: { title: 'nav.field', roles: ['field_staff', 'supervisor', 'manager', 'admin'], nav: { group: 'work', order: 30, icon: 'Location', label: 'nav.field' } },
  },
  {
    path: 'approvals',
    name: 'approvals',
    component: () => import('@/views/ApprovalsView.vue'),
    meta: { title: 'nav.approvals', roles: DECIDERS, nav: { group: 'work', order: 40, icon: 'Stamp', label: 'nav.approvals' } },
  },
  {
    path: 'search',
    name: 'search',
    component: () => import('@/views/SearchView.vue'),
    meta: { title: 'nav.search', nav: { group: 'work', order: 50, icon: 'Search', label: 'nav.search' } },
  },
  {
    path: 'notifications',
    name: 'notifications',
    component: () => import('@/views/NotificationsView.vue'),
    meta: { title: 'nav.notifications', nav: { group: 'work', order: 60, icon: 'Bell', label: 'nav.notifications' } },
  },
  {
    path: 'cases/:id(\\d+)',
    name: 'case',
    component: () => import('@/views/CaseView.vue'),
    meta: { title: 'case.title' },
  },
  // Configuration and customer screens are added here (group 'admin' for configuration).
  {
    path: 'customers',
    name: 'customers',
    component: () => import('@/views/customers/CustomersView.vue'),
    meta: { title: 'customers.title', roles: NOT_FIELD, nav: { group: 'work', order: 45, icon: 'User', label: 'customers.nav' } },
  },
  {
    path: 'customers/:id(\\d+)',
    name: 'customer',
    component: () => import('@/views/customers/CustomerView.vue'),
    meta: { title: 'customers.profile', roles: NOT_FIELD },
  },
  {
    path: 'admin/categories',
    name: 'admin-categories',
    component: () => import('@/views/admin/CategoriesView.vue'),
    meta: { title: 'categories.title', roles: CONFIGURERS, nav: { group: 'admin', order: 10, icon: 'Timer', label: 'categories.nav' } },
  },
  {
    path: 'admin/calendars',
    name: 'admin-calendars',
    component: () => import('@/views/admin/CalendarsView.vue'),
    meta: { title: 'calendars.title', roles: CONFIGURERS, nav: { group: 'admin', order: 20, icon: 'Calendar', label: 'calendars.nav' } },
  },
  {
    path: 'admin/users',
    name: 'admin-users',
    component: () => import('@/views/admin/UsersView.vue'),
    meta: { title: 'users.title', roles: ['admin', 'quality_manager', 'manager', 'supervisor'], nav: { group: 'admin', order: 30, icon: 'Avatar', label: 'users.nav' } },
  },
  {
    path: 'admin/org-units',
    name: 'admin-org-units',
    component: () => import('@/views/admin/OrgUnitsView.vue'),
    meta: { title: 'orgUnits.title', roles: ['admin', 'quality_manager'], nav: { group: 'admin', order: 40, icon: 'OfficeBuilding', label: 'orgUnits.nav' } },
  },
  ...qualityRoutes,
]

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  ...publicQualityRoutes,
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', redirect: () => (session.user ? homeFor(session.user.role) : '/login') },
      ...appRoutes,
      { path: ':rest(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'common.notFound' } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession()
  if (to.meta.public) return session.user && to.name === 'login' ? homeFor(session.user.role) : true
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  if (to.meta.roles && !to.meta.roles.includes(session.user.role)) return homeFor(session.user.role)
  return true
})
