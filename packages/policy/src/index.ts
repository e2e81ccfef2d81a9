// Harbor's rule evaluation, shared by core, the registry and the jobservice so they agree: doublestar
// matching and selectors, tag immutability, tag retention. Pure functions over the rule shape of
// @harbor/contracts (PolicyRule); no I/O.
export * from './doublestar.js';
export * from './selectors.js';
export * from './immutable.js';
export * from './retention/templates.js';
export * from './retention/evaluate.js';
export * from './retention/validate.js';
