/**
 * The router's proxy core: the RESP listener applications talk to (ProxyServer) and its limits.
 * Everything else in this folder is internal to it.
 */
export { ProxyServer } from './proxy-server';
export type { ProxyServerOptions } from './proxy-server';
export { DEFAULT_PROXY_LIMITS } from './limits';
export type { ProxyLimits } from './limits';
