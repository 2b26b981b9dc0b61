export * from './temporal';
export * from './workflow-commands';
