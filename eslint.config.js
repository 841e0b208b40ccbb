import { includeIgnoreFile } from '@eslint/compat';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { fileURLToPath } from 'node:url';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const gitignore = fileURLToPath(new URL('./.gitignore', import.meta.url));

/** Import rules per layer (docs/style.md §1); each message says why. */
const layer = (files, patterns) => ({
	files,
	rules: { 'no-restricted-imports': ['error', { patterns }] }
});
const noYjs = {
	group: ['yjs', 'y-*', 'y-*/**', '$lib/sync/**', '**/sync/**'],
	message: 'UI code talks to documents through src/lib/state, never to Yjs directly.'
};

export default ts.config(
	includeIgnoreFile(gitignore),
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		files: ['src/**/*.ts', 'server/**/*.ts'],
		ignores: ['**/*.test.ts'],
		languageOptions: { parserOptions: { projectService: true } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error'
		}
	},
	{
		files: ['src/lib/domain/**'],
		ignores: ['**/*.test.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							// The message catalogue is pure data (compiled Paraglide functions): allowed.
							regex: '^(?!zod$|\\./[a-z0-9-]+\\.js$|\\.\\./paraglide/messages\\.js$)',
							message:
								'The domain is pure TypeScript + zod: no I/O, no Yjs, no Svelte, no other layer.'
						}
					]
				}
			]
		}
	},
	layer(
		['src/lib/sync/**'],
		[
			{
				group: [
					'$lib/state/**',
					'$lib/components/**',
					'$lib/server/**',
					'**/state/**',
					'**/server/**'
				],
				message: 'sync sits below state and UI and never touches the server side.'
			}
		]
	),
	layer(
		['src/lib/state/**'],
		[
			{
				group: ['yjs', 'y-*'],
				message: 'state holds handles that sync hands out; Yjs stays in src/lib/sync.'
			}
		]
	),
	layer(['src/lib/components/**', 'src/routes/**'], [noYjs]),
	layer(
		['src/lib/server/**'],
		[
			{
				group: ['$lib/state/**', '$lib/components/**', '**/state/**', '**/components/**', 'yjs'],
				message: 'The data layer knows the database and the domain only.'
			}
		]
	),
	layer(
		['server/**'],
		[
			{
				group: ['$lib/**', '$app/**', '$env/**'],
				message: 'server/ is plain Node: relative imports of the shared modules only.'
			},
			{
				group: [
					'**/src/lib/state/**',
					'**/src/lib/components/**',
					'**/src/routes/**',
					'**/sync/connect*',
					'**/sync/open-local*',
					'**/sync/server-messages*',
					'**/sync/browser-storage*'
				],
				message:
					'server/ may use domain, the data layer, protocol and document schema, nothing browser-side.'
			}
		]
	)
);
