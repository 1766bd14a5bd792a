/** Public API of the replica side: the link to a master. */
export { ReplicaLink } from './link';
export type { ReplicaLinkOptions } from './link';
