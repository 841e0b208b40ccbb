import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter(),
		// The PWA plugin generates the service worker; SvelteKit must not build a second one.
		serviceWorker: { register: false },
		prerender: { handleHttpError: 'warn' }
	}
};

export default config;
