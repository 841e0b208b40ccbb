// Every page is a client-rendered shell, prerendered at build time, so the service worker
// precaches it and the app opens cold offline. Data comes from the API, localStorage and
// IndexedDB in the browser.
export const prerender = true;
export const ssr = false;
