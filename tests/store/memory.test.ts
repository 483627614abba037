import { MemoryPrimitives } from '../../src/store/memory.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { storeContract } from './contract.js';

storeContract('memory', { open: async () => new SyncStore(new MemoryPrimitives()) });
