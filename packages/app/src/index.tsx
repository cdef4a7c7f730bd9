import '@backstage/cli/asset-types';
import ReactDOM from 'react-dom/client';
import App from './App';
import '@backstage/ui/css/styles.css';

const root = document.getElementById('root')!;

// Never inside another page's frame (clickjacking). Production also sends
// `frame-ancestors 'none'`; backstage-cli's dev server (`npm start`) cannot be
// configured to send any such header, so the app itself refuses.
if (window.top === window.self) {
  ReactDOM.createRoot(root).render(App.createRoot());
} else {
  root.textContent =
    'The inbestment portal cannot be shown inside a frame: open it in its own window.';
}
