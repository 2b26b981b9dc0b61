export * from './canonical-json';
export * from './audit-chain';
export * from './audit-table';
export * from './audit-log';
