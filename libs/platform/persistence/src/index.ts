export * from './data-source';
export * from './leased-claim';
