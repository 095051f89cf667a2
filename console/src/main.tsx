/** Entry: read config.json, then render the console (or say why it cannot start). */
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadConfig } from './config.ts';
import { I18nProvider, initialLang } from './i18n/index.tsx';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
document.documentElement.lang = initialLang();
loadConfig().then(
  (config) =>
    root.render(
      <I18nProvider>
        <App config={config} />
      </I18nProvider>,
    ),
  (error: unknown) =>
    root.render(
      <main id="main">
        <h1>Hỗ trợ DNNVV Hà Nội</h1>
        <p role="alert">Không đọc được cấu hình / The console's configuration could not be read: {String(error)}</p>
      </main>,
    ),
);
