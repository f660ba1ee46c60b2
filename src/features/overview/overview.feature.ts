import { overviewCard } from "../../../flex-templates/overview.flex";
import type { BotContext } from "../../bot/context";
import { computeOverview } from "./overview";

/** `ภาพรวม`: the executive overview card. */
export async function showOverview(ctx: BotContext): Promise<void> {
  await ctx.showLoading(5);
  ctx.reply(overviewCard(await computeOverview(ctx.deps, ctx.now)));
}
