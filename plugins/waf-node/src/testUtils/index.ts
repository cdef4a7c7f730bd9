export * from './wafLogs';
export * from './motoWaf';
