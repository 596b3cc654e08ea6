import { of } from 'rxjs';
import { setDisplayLanguage } from '../format/display-format.js';
import { displayLanguage } from '../host/display-language.js';
import { followTheme } from '../theme/follow-theme.js';
import { startAdminApp } from './admin-app.js';

const root = document.getElementById('app');
if (root === null) throw new Error('admin.html has no #app element');
// A plain browser page: the system's colour scheme and the browser's language.
followTheme(document.documentElement, of(null), window.matchMedia('(prefers-color-scheme: dark)'));
setDisplayLanguage(displayLanguage(false));
// The gateway serves this page, so its own origin is the gateway.
startAdminApp(root, window.location.origin);
