import { MemoryPrimitives } from '../../src/store/memory.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { storeContract } from './contract/index.js';

storeContract('memory', { open: async (clock) => new SyncStore(new MemoryPrimitives(), clock), expiresOnClock: true });
