export { bytes, epoch, ms, now, on, whenIdle } from './dom.js';
export { guard, log, setDebug } from './guard.js';
export { uuid } from './id.js';
