// The dashboard's views: which roles see each, and the module that draws it. A view module exports
//   texts: { 'zh-CN': {...}, en: {...} }   (its own dictionary; both languages have the same keys)
//   render(container, context)            (context: { t, session, params, navigate }; may return a cleanup function)
// Roles follow docs/access.md: a view is offered only to roles whose API calls it needs are allowed,
// and `requires` (optional) checks the session's bindings (a feed partner needs a partner profile).

export const VIEWS = Object.freeze([
  {
    id: 'shipments',
    load: () => import('../views/exporter.js'),
    roles: ['exporter', 'importer', 'commerce-bureau', 'customs', 'port', 'airport', 'tax', 'regulator'],
  },
  {
    id: 'feeds',
    load: () => import('../views/partner.js'),
    roles: ['customs', 'port', 'airport', 'tax'],
    requires: session => Boolean(session.partnerId),
  },
  {
    id: 'bureau',
    load: () => import('../views/bureau.js'),
    roles: ['commerce-bureau', 'customs', 'tax', 'regulator'],
  },
  {
    id: 'operations',
    load: () => import('../views/operations.js'),
    roles: ['regulator', 'operator'],
  },
]);

export function viewsFor(session) {
  return VIEWS.filter(view => view.roles.includes(session.role) && (view.requires?.(session) ?? true));
}
