export * from './fakeKubernetes';
export * from './fixtures';
export * from './listen';
export * from './storeServices';
