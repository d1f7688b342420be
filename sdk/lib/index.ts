export { afterLoad, bytes, ms, now, on } from './dom.js';
export { guard, log, setDebug } from './guard.js';
export { id, uuid } from './id.js';
