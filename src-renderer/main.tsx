import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToMain } from './ipc/connectToMain';

const link = connectToMain();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <div>Tessera ({link.transport})</div>
  </StrictMode>,
);
