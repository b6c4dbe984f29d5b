// Runs in the sandboxed preload context of the dashboard window. esbuild bundles this file and
// its imports into one CommonJS file (dist/preload/preload.cjs): a sandboxed preload can only
// require('electron') and a few built-ins, never our other modules.
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_API_GLOBAL } from '../../src-shared/desktop-api.js';
import { createDesktopApi } from './preload-api.js';

contextBridge.exposeInMainWorld(DESKTOP_API_GLOBAL, createDesktopApi(ipcRenderer));
