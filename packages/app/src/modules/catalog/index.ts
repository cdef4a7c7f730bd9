export { catalogModule } from './catalogModule';
