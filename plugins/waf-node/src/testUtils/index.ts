export * from './wafLogs';
