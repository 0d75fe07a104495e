/**
 * What a rebuild thread runs from the sources (swc): the worker's projections, none of its app.
 * The bundled worker serves the same from its main.js (see main.ts).
 */
import 'reflect-metadata';
import { serveRebuildThread } from '@fund/platform';
import { EVENT_HANDLER_CLASSES } from './event-handlers';

if (!serveRebuildThread(EVENT_HANDLER_CLASSES)) throw new Error('rebuild-thread.ts is loaded by a rebuild thread only');
