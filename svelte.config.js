import adapter from '@sveltejs/adapter-node';

/**
 * [SH1] The Content Security Policy. Every page is a prerendered shell, so SvelteKit puts the
 * SHA-256 of its inline bootstrap script into a <meta> policy of each page (mode 'auto': hashes
 * for prerendered pages, nonces for anything rendered on request); the Node server repeats that
 * policy as a header, with frame-ancestors, which a <meta> policy cannot carry
 * (server/security-headers.ts). No 'unsafe-inline' for scripts; styles keep it for the style
 * attributes Svelte and ProseMirror write.
 * @type {NonNullable<NonNullable<import('@sveltejs/kit').KitConfig['csp']>['directives']>}
 */
export const cspDirectives = {
	'default-src': ['self'],
	'script-src': ['self'],
	'style-src': ['self', 'unsafe-inline'],
	'img-src': ['self', 'data:', 'blob:'],
	'font-src': ['self'],
	'connect-src': ['self'],
	'worker-src': ['self'],
	'manifest-src': ['self'],
	'frame-src': ['none'],
	'object-src': ['none'],
	'base-uri': ['self'],
	'form-action': ['self'],
	'frame-ancestors': ['none']
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter(),
		// The PWA plugin generates the service worker; SvelteKit must not build a second one.
		serviceWorker: { register: false },
		prerender: { handleHttpError: 'warn' },
		csp: { mode: 'auto', directives: cspDirectives }
	}
};

export default config;
