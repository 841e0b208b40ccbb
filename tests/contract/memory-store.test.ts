import { MemoryDocStore } from '../../server/store/memory.js';
import { runDocStoreContract } from './doc-store.contract.js';

// Not durable, so no reopen: DS9 is skipped for this store.
runDocStoreContract('memory', async () => {
	const store = new MemoryDocStore();
	return { store, teardown: () => store.close() };
});
