import { startAdminApp } from './admin-app.js';

const root = document.getElementById('app');
if (root === null) throw new Error('admin.html has no #app element');
// The gateway serves this page, so its own origin is the gateway.
startAdminApp(root, window.location.origin);
