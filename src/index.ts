// The syncd package (`import ... from 'syncd'`) exports exactly what @syncd/client publishes.
export * from './sdk/index.js';
