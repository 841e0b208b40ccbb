// y-websocket reads the global WebSocket (resyncInterval, reconnect) and Node 20 has none.
import WebSocket from 'ws';

(globalThis as unknown as { WebSocket: unknown }).WebSocket ??= WebSocket;
