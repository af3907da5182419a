// Every test worker wires the hooks the way the server and the CLI do, so that services called
// directly behave as they do in production (a payment keeps the promise it covers).
import { registerHooks } from '../../src/server/register-hooks.js';

registerHooks();
