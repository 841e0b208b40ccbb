/**
 * [SH1–SH3] Security headers on every response of the Node server: prerendered pages and static
 * files (which adapter-node serves before SvelteKit's hooks run), the service worker, the API.
 *
 * Pages: each prerendered page carries SvelteKit's policy with the hashes of its own inline
 * scripts in a <meta> tag (svelte.config.js); the same policy is sent as a header, plus
 * frame-ancestors, which a <meta> policy cannot express. Anything SvelteKit renders on request
 * sets its own nonce policy, which replaces the default one set here.
 * Everything else gets the app's base policy: it matters for the service worker, whose header
 * is the worker's own policy (it fetches and imports same-origin only).
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

/** The base policy; kept equal to `cspDirectives` in svelte.config.js minus per-page hashes. */
export const BASE_CSP = [
	"default-src 'self'",
	"script-src 'self'",
	"style-src 'self' 'unsafe-inline'",
	"img-src 'self' data: blob:",
	"font-src 'self'",
	"connect-src 'self'",
	"worker-src 'self'",
	"manifest-src 'self'",
	"frame-src 'none'",
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'",
	"frame-ancestors 'none'"
].join('; ');

/** No camera, microphone, location, payment or other powerful feature, for any frame. */
export const PERMISSIONS_POLICY = [
	'accelerometer=()',
	'autoplay=()',
	'camera=()',
	'display-capture=()',
	'geolocation=()',
	'gyroscope=()',
	'hid=()',
	'magnetometer=()',
	'microphone=()',
	'midi=()',
	'payment=()',
	'publickey-credentials-get=()',
	'screen-wake-lock=()',
	'serial=()',
	'usb=()',
	'xr-spatial-tracking=()'
].join(', ');

/** One year; sent only when the app is served over https (ORIGIN=https://…). */
export const HSTS = 'max-age=31536000';

const META = /<meta http-equiv="content-security-policy" content="([^"]*)"/i;

/**
 * URL path → the policy of that prerendered page, read once at start-up from
 * `<build>/prerendered/**.html` (`/x/y`, `/x/y.html` and for index pages `/x/` and `/x`).
 */
export function prerenderedPolicies(prerenderedDir: string): Map<string, string> {
	const out = new Map<string, string>();
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (entry.name.endsWith('.html')) {
				const meta = META.exec(fs.readFileSync(file, 'utf8'));
				if (!meta) continue;
				const policy = `${meta[1]
					.replace(/&#39;/g, "'")
					.replace(/&quot;/g, '"')
					.replace(/;\s*$/, '')}; frame-ancestors 'none'`;
				const rel = '/' + path.relative(prerenderedDir, file).split(path.sep).join('/');
				out.set(rel, policy);
				const bare = rel.slice(0, -'.html'.length);
				if (bare.endsWith('/index') || bare === '/index') {
					const dirPath = bare.slice(0, -'index'.length);
					out.set(dirPath, policy);
					if (dirPath.length > 1) out.set(dirPath.slice(0, -1), policy);
				} else out.set(bare, policy);
			}
		}
	};
	if (fs.existsSync(prerenderedDir)) walk(prerenderedDir);
	return out;
}

/** Options of `withSecurityHeaders`. */
export interface SecurityHeaderOptions {
	/** adapter-node's `build/prerendered`, if the app is built. */
	prerenderedDir?: string;
	/** Served over https (a TLS proxy in front, ORIGIN=https://…): HSTS is sent. */
	https: boolean;
}

/** Wraps a Node request handler so every response carries the headers. */
export function withSecurityHeaders(
	handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
	opts: SecurityHeaderOptions
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
	const pages = opts.prerenderedDir
		? prerenderedPolicies(opts.prerenderedDir)
		: new Map<string, string>();
	return (req, res) => {
		let pathname = '/';
		try {
			pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		} catch {
			// A malformed path gets the base policy; SvelteKit answers it with 400.
		}
		res.setHeader('Content-Security-Policy', pages.get(pathname) ?? BASE_CSP);
		res.setHeader('X-Content-Type-Options', 'nosniff');
		res.setHeader('X-Frame-Options', 'DENY');
		res.setHeader('Referrer-Policy', 'no-referrer');
		res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
		res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
		res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
		if (opts.https) res.setHeader('Strict-Transport-Security', HSTS);
		handler(req, res);
	};
}
