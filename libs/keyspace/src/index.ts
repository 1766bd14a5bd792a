export type { CommandContext, Handler, PropagatedArg } from './context';
