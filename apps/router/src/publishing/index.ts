/**
 * What the router publishes about itself on NATS: its RouterView and its Shutdown.
 */
export { routerAddress, type RouterAddress } from './announce';
export { RouterViewPublisher, type RouterViewPublisherOptions } from './router-view-publisher';
