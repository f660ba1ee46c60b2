import { type Bot, type BotFeatures, createBot } from "../bot/bot";
import { coreFeatures } from "./common.feature";

/** The product's own features: what every runtime serves unless told otherwise. */
export const CORE_FEATURES = "core";

/**
 * The bot for a feature set named by `source`: `core`, or the URL of a module that exports
 * `features(): BotFeatures` (tests add commands this way). A name, not an object, so that every host
 * of the processor — inline, a processing thread, a Durable Object — builds the same bot from it.
 */
export async function loadBot(source: string = CORE_FEATURES): Promise<Bot> {
  if (source === CORE_FEATURES) return createBot(coreFeatures());
  const module = (await import(/* @vite-ignore */ source)) as { features?: () => BotFeatures };
  if (typeof module.features !== "function") {
    throw new Error(`the feature module ${source} exports no features() function`);
  }
  return createBot(module.features());
}
