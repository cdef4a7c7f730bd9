export * from './gate';
export * from './service';
export * from './trust';
