import type { RequestHandler } from 'express';
import type { WsMethodContext } from '../ws-methods.js';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One path and the handler of each method it accepts; any other method gets 405 with Allow. */
export interface RouteSpec {
  path: string;
  /** false: answered without authentication (liveness, static pages, the API description). */
  auth: boolean;
  handlers: Partial<Record<RouteMethod, RequestHandler>>;
}

/** What route factories read: the same as WS method handlers. */
export type RouteContext = WsMethodContext;
