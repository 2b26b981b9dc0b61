export * from './access-token';
export * from './access.decorator';
export * from './secret-box';
