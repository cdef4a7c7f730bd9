export * from './fakeKubernetes';
export * from './fixtures';
export * from './storeServices';
