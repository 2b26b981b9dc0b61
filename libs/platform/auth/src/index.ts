export * from './access-token';
export * from './access.decorator';
