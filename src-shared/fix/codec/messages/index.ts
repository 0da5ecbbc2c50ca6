export * from './session';
export * from './orders';
export * from './traders';
export * from './marketData';
export * from './values';
export { groupEntries, indexIn } from './fieldAccess';
