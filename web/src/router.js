// router.js — the console's pages (history mode: the server answers any non-API path with
// index.html); signs the user in first, and keeps pages a role may not use out of reach.
import { createRouter, createWebHistory } from 'vue-router';
import { loadMe, session, setUnauthorizedHandler } from './api.js';
import { can } from './perm.js';
import Login from './views/Login.vue';
import Shell from './views/Shell.vue';
import Dashboard from './views/Dashboard.vue';
import Ledger from './views/Ledger.vue';
import Project from './views/Project.vue';
import Approvals from './views/Approvals.vue';
import Admin from './views/Admin.vue';
import WorkPlans from './views/WorkPlans.vue';
import WorkItem from './views/WorkItem.vue';
import Todo from './views/Todo.vue';
import ImplPlan from './views/ImplPlan.vue';
import Meetings from './views/Meetings.vue';
import Meeting from './views/Meeting.vue';
import Exchanges from './views/Exchanges.vue';
import Platforms from './views/Platforms.vue';
import Platform from './views/Platform.vue';
import Products from './views/Products.vue';
import Imports from './views/Imports.vue';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', component: Login, meta: { public: true } },
    {
      path: '/',
      component: Shell,
      children: [
        { path: '', component: Dashboard },
        { path: 'projects', component: Ledger },
        { path: 'projects/:id', component: Project, props: true },
        { path: 'approvals', component: Approvals },
        { path: 'admin', component: Admin },
        { path: 'work-plans', component: WorkPlans },
        { path: 'work-items/:id', component: WorkItem, props: true },
        { path: 'todo', component: Todo },
        { path: 'impl-plan', component: ImplPlan },
        { path: 'meetings', component: Meetings },
        { path: 'meetings/:id', component: Meeting, props: true },
        { path: 'exchanges', component: Exchanges },
        { path: 'platforms', component: Platforms },
        { path: 'platforms/:id', component: Platform, props: true },
        { path: 'products', component: Products },
        { path: 'imports', component: Imports, meta: { perm: 'write' } },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (!session.checked) await loadMe();
  if (to.meta.public) return true;
  if (!session.user) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (to.meta.perm && !can(to.meta.perm)) return { path: '/' };
  return true;
});

setUnauthorizedHandler(() => {
  const cur = router.currentRoute.value;
  if (!cur.meta.public) router.push({ path: '/login', query: { next: cur.fullPath } });
});

export { can };
