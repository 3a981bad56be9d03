import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { catalogueReady } from './i18n/index.tsx';
import { installAuditHook } from './shell/audit-hook.ts';
import { watchStorage } from './shell/storage.ts';
import { registerServiceWorker } from './shell/update-prompt.tsx';
import './app/app.css';
import './components/components.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
// In English, the first render waits for the English chunk (no Indonesian flash); in
// Indonesian `catalogueReady` is already settled and this is one microtask.
performance.mark('edc:modules');
void catalogueReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
registerServiceWorker();
watchStorage();
installAuditHook();
