export { teamModule, catalogGraphModule } from './teamModule';
