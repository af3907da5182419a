import { registerCommitmentHooks } from '../commitments/commitments.hooks.js';
import { registerMessagingHooks } from '../messaging/messaging.hooks.js';
import { registerRenderingHooks } from '../rendering/rendering.hooks.js';

/**
 * Connects the work higher areas do when something happens on a lower floor (docs/architecture.md,
 * "Hooks"). Every entry point calls it before it touches money: the server, the CLI, the tests'
 * setup and the benchmarks.
 */
export function registerHooks(): void {
  registerCommitmentHooks();
  registerMessagingHooks();
  registerRenderingHooks();
}
