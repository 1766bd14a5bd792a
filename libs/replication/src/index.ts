export * from './types';
export * from './master';
export * from './replica';
