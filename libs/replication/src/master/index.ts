/** Public API of the master side: the ReplicationMaster the node drives (see replication-master.ts). */
export { ReplicationMaster } from './replication-master';
export type { ReplicationMasterOptions } from './replication-master';
