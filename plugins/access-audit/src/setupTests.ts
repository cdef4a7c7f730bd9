import '@testing-library/jest-dom';

// These views render large core-components tables; on a loaded 2-core machine
// one test took longer than jest's default 5 s.
jest.setTimeout(20_000);
