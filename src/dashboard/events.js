// How the dashboard's views reach each other without importing each other: dashboard.js provides
// what each view offers (refresh the list, open a sync...), and a view asks for it by name. The
// views stay free of import cycles, and one file shows how the page is wired.

const provided = new Map();

/** Called by dashboard.js only, once per name. */
export function provide(name, handler) {
  provided.set(name, handler);
}

/** What another view offers: `ask('refreshList')`, `ask('selectSync', id)`. */
export function ask(name, ...args) {
  const handler = provided.get(name);
  if (!handler) throw new Error(`the dashboard provides no "${name}"`);
  return handler(...args);
}
