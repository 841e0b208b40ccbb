/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite-plugin-pwa/info" />
import type { SessionUser, Session } from '$lib/server/session';

declare global {
	namespace App {
		/** adapter-node hands the Node request through (used to tell http from https). */
		interface Platform {
			req?: import('node:http').IncomingMessage;
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
		}
	}
}

export {};
