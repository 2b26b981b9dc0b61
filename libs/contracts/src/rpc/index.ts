export * from './caller';
export * from './error-codes';
export * from './rpc-contract';
export * from './schedule';
